//! A chart per subject: each recap's interval for each edition, so a change between
//! editions and a disagreement inside one edition are visible at a glance.

use std::collections::BTreeMap;

use egui::{RichText, Ui};
use egui_plot::{Line, Plot, PlotPoints, Points};

use super::{doc_index, verdict_of};
use crate::analysis::compare::{format_interval, format_number};
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
        ui.label(RichText::new("Each bar is one recap's figure: from its lower to its upper bound; an arrow means \u{201c}or more\u{201d}.").weak());
    });
    let claims: Vec<_> =
        analysis.claims.iter().filter(|c| c.subject == subject && c.qualifier != Qualifier::Vague).collect();
    let mut editions: Vec<Option<Edition>> = claims.iter().map(|c| c.event.clone()).collect();
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
            for (k, c) in claims.iter().enumerate() {
                let x_base = editions.iter().position(|e| *e == c.event).unwrap_or(0) as f64;
                let same_edition = claims.iter().take(k).filter(|o| o.event == c.event).count() as f64;
                let x = x_base - 0.3 + 0.12 * same_edition;
                let lo = c.min.unwrap_or(0.0);
                let hi = c.max.unwrap_or(top.max(lo * 1.3));
                let name = analysis.document(&c.doc).map_or(c.doc.clone(), |d| d.display_name().to_owned());
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
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        egui::Grid::new("figures-table").striped(true).num_columns(4).show(ui, |ui| {
            for h in ["Recap", "Edition", "Value", "As written"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for c in &claims {
                let name = analysis.document(&c.doc).map_or(c.doc.as_str(), |d| d.display_name());
                ui.horizontal(|ui| {
                    style::color_dot_ui(ui, style::doc_color(doc_index(state, &c.doc)));
                    ui.label(name);
                });
                ui.label(c.event.as_ref().map_or_else(|| "unknown".to_owned(), ToString::to_string));
                let v = verdict_of(state, &c.id);
                egui::Frame::new()
                    .fill(style::verdict_fill(v, ui.visuals().dark_mode))
                    .corner_radius(3.0)
                    .inner_margin(egui::Margin::symmetric(4, 1))
                    .show(ui, |ui| {
                        ui.label(format_interval(c));
                    });
                let written = analysis.document(&c.doc).map_or("", |d| c.figure.slice(&d.text));
                if ui.link(written).on_hover_text("Inspect this figure").clicked() {
                    actions.push(Action::Select(Selection::Claim(c.id.clone())));
                }
                ui.end_row();
            }
        });
        let _ = format_number;
    });
}
