//! A chart per subject: each recap's interval for each edition, so a change between
//! editions and a disagreement inside one edition are visible at a glance.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Above this many figures the chart draws points only.
const MANY: usize = 60;

use egui::{RichText, Ui};
use egui_plot::{Line, Plot, PlotPoints, Points};

use super::{doc_index, verdict_of};
use crate::analysis::compare::format_interval;
use crate::model::{Edition, Qualifier};
use crate::state::{AppState, Selection};
use crate::ui::{Action, style};

pub fn figures_ui(ui: &mut Ui, state: &AppState, actions: &mut Vec<Action>) {
    let analysis = &state.analysis;
    let mut subjects: BTreeMap<&str, usize> = BTreeMap::new();
    for c in analysis.claims.iter().filter(|c| c.qualifier != Qualifier::Vague) {
        *subjects.entry(c.subject.as_str()).or_default() += 1;
    }
    if subjects.is_empty() {
        ui.label(RichText::new("No figures found yet.").weak());
        return;
    }
    let mut ordered: Vec<(&str, usize)> = subjects.into_iter().collect();
    ordered.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let subject = state
        .view
        .subject
        .clone()
        .filter(|s| ordered.iter().any(|(x, _)| x == s))
        .or_else(|| ordered.first().map(|(s, _)| (*s).to_owned()))
        .unwrap_or_default();
    ui.horizontal(|ui| {
        let combo_label = ui.label("Subject");
        egui::ComboBox::from_id_salt("figures-subject").selected_text(&subject).width(260.0).show_ui(ui, |ui| {
            for (s, n) in &ordered {
                if ui.selectable_label(*s == subject, format!("{s} ({n})")).clicked() {
                    actions.push(Action::ShowSubject((*s).to_owned()));
                }
            }
        })
            .response
            .labelled_by(combo_label.id);
        ui.add(
            egui::Label::new(
                RichText::new("Each bar is one recap's figure, from its lower to its upper bound; an arrow means \u{201c}or more\u{201d}.")
                    .weak(),
            )
            .truncate(),
        );
    });
    let claims: Vec<_> =
        analysis.claims.iter().filter(|c| c.subject == subject && c.qualifier != Qualifier::Vague).collect();
    let names: HashMap<&str, &str> = analysis.documents.iter().map(|d| (d.id.as_str(), d.short_name())).collect();
    let texts: HashMap<&str, &str> = analysis.documents.iter().map(|d| (d.id.as_str(), &*d.text)).collect();
    let mut editions: Vec<Option<Arc<Edition>>> = claims.iter().map(|c| c.event.clone()).collect();
    editions.sort();
    editions.dedup();
    let top = claims.iter().filter_map(|c| c.max.or(c.min)).fold(0.0_f64, f64::max) * 1.3;
    let labels: Vec<String> =
        editions.iter().map(|e| e.as_ref().map_or_else(|| "unknown".to_owned(), ToString::to_string)).collect();
    let plot_height = (ui.available_height() * 0.6).max(220.0);
    let labels_for_axis = labels.clone();
    let edition_count = editions.len().max(1) as f64;
    Plot::new("figures-plot")
        .height(plot_height)
        .allow_scroll(false)
        .include_x(-0.6)
        .include_x(edition_count - 0.4)
        .include_y(0.0)
        .include_y(top.max(1.0))
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                labels_for_axis.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_axis_label(subject.clone())
        .show(ui, |plot| {
            let mut placed: HashMap<usize, usize> = HashMap::new();
            let mut x_of = |c: &crate::model::Claim| {
                let base = editions.iter().position(|e| *e == c.event).unwrap_or(0);
                let n = placed.entry(base).or_insert(0);
                *n += 1;
                base as f64 - 0.3 + 0.6 * ((*n - 1) % 40) as f64 / 40.0
            };
            if claims.len() > MANY {
                // Many recaps: one point series for lower bounds, one for upper bounds.
                let (mut lows, mut highs, mut open) = (Vec::new(), Vec::new(), Vec::new());
                for c in &claims {
                    let x = x_of(c);
                    let lo = c.min.unwrap_or(0.0);
                    lows.push([x, lo]);
                    match c.max {
                        Some(hi) => highs.push([x, hi]),
                        None => open.push([x, top.max(lo * 1.3)]),
                    }
                }
                let color = egui::Color32::from_rgb(66, 133, 244);
                plot.points(Points::new("lower bound", PlotPoints::from(lows)).color(color).radius(3.0));
                plot.points(Points::new("upper bound", PlotPoints::from(highs)).color(color).radius(3.0));
                let shape = egui_plot::MarkerShape::Up;
                plot.points(Points::new("or more", PlotPoints::from(open)).color(color).radius(3.0).shape(shape));
                return;
            }
            for c in &claims {
                let x = x_of(c);
                let lo = c.min.unwrap_or(0.0);
                let hi = c.max.unwrap_or(top.max(lo * 1.3));
                let name = names.get(&*c.doc).copied().unwrap_or(&*c.doc).to_owned();
                let color = style::doc_color(doc_index(state, &c.doc));
                plot.line(Line::new(name.clone(), PlotPoints::from(vec![[x, lo], [x, hi]])).color(color).width(4.0));
                let shape = if c.max.is_none() { egui_plot::MarkerShape::Up } else { egui_plot::MarkerShape::Circle };
                plot.points(
                    Points::new(name.clone(), PlotPoints::from(vec![[x, hi]])).color(color).radius(5.0).shape(shape),
                );
                plot.points(Points::new(name, PlotPoints::from(vec![[x, lo]])).color(color).radius(4.0));
            }
        });
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        for (h, w) in [("Recap", 260.0), ("Edition", 200.0), ("Value", 130.0), ("As written", 260.0)] {
            ui.add_sized([w, 18.0], egui::Label::new(RichText::new(h).strong()));
        }
    });
    let row_height = 24.0;
    egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(ui, row_height, claims.len(), |ui, rows| {
        for c in claims.get(rows).unwrap_or(&[]) {
            ui.horizontal(|ui| {
                ui.allocate_ui(egui::vec2(260.0, row_height - 4.0), |ui| {
                    ui.horizontal(|ui| {
                        style::color_dot_ui(ui, style::doc_color(doc_index(state, &c.doc)));
                        ui.add(egui::Label::new(names.get(&*c.doc).copied().unwrap_or("")).truncate());
                    });
                });
                let edition = c.event.as_ref().map_or_else(|| "unknown".to_owned(), ToString::to_string);
                ui.add_sized([200.0, row_height - 4.0], egui::Label::new(edition).truncate());
                let v = verdict_of(state, &c.id);
                ui.allocate_ui(egui::vec2(130.0, row_height - 4.0), |ui| {
                    egui::Frame::new()
                        .fill(style::verdict_fill(v, ui.visuals().dark_mode))
                        .corner_radius(3.0)
                        .inner_margin(egui::Margin::symmetric(4, 1))
                        .show(ui, |ui| {
                            ui.label(format_interval(c));
                        });
                });
                let written = texts.get(&*c.doc).map_or("", |t| c.figure.slice(t));
                if ui.link(written).on_hover_text("Inspect this figure").clicked() {
                    actions.push(Action::Select(Selection::Claim(c.id.to_string())));
                }
            });
        }
    });
}
