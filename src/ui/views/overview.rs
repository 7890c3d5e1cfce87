//! The first screen: what the comparison found, contradictions first, each one line
//! with its sources; one click opens it in the findings table.

use egui::{RichText, Ui};

use crate::analysis::compare::short;
use crate::model::{Finding, FindingKind};
use crate::state::{AppState, Selection, Tab};
use crate::ui::{Action, style};

/// Agreements listed before "show all"; contradictions and discrepancies are all listed.
const AGREEMENTS_SHOWN: usize = 8;

pub fn overview_ui(ui: &mut Ui, state: &AppState, actions: &mut Vec<Action>) {
    let analysis = &state.analysis;
    let of = |kind: FindingKind| analysis.findings.iter().filter(move |f| f.kind == kind).map(|f| &**f);
    let included = state.edits.docs.iter().filter(|d| !state.edits.overrides.excluded.contains(&d.id)).count();
    egui::ScrollArea::vertical().id_salt("overview").auto_shrink([false, false]).show(ui, |ui| {
        ui.heading(format!("{included} recaps compared"));
        editions_ui(ui, state, actions);
        ui.add_space(8.0);
        let contradictions: Vec<&Finding> = of(FindingKind::Contradiction).collect();
        section_ui(ui, state, FindingKind::Contradiction, "Contradictions", &contradictions, actions);
        if contradictions.is_empty() {
            ui.label("No contradiction: where the recaps give figures or verdicts on the same thing, they can all be true.");
        }
        let discrepancies: Vec<&Finding> = of(FindingKind::Discrepancy).collect();
        section_ui(ui, state, FindingKind::Discrepancy, "Discrepancies", &discrepancies, actions);
        let agreements: Vec<&Finding> = of(FindingKind::Agreement).collect();
        let shown = agreements.len().min(AGREEMENTS_SHOWN);
        section_ui(ui, state, FindingKind::Agreement, "Agreements", agreements.get(..shown).unwrap_or(&[]), actions);
        if agreements.len() > shown
            && ui.link(format!("All {} agreements in the findings table", agreements.len())).clicked()
        {
            actions.push(Action::Tab(Tab::Findings));
        }
        let across = of(FindingKind::EditionComparison).count();
        if across > 0 {
            ui.add_space(6.0);
            ui.label(format!(
                "{across} comparison{} across editions (figures of different years, never a contradiction) are in the findings table.",
                if across == 1 { "" } else { "s" }
            ));
        }
    });
}

/// Which editions the recaps are about, and the ones with none.
fn editions_ui(ui: &mut Ui, state: &AppState, actions: &mut Vec<Action>) {
    let mut editions: Vec<(String, usize)> = Vec::new();
    let mut unknown = Vec::new();
    for doc in &state.analysis.documents {
        if state.edits.overrides.excluded.contains(&doc.id) {
            continue;
        }
        match &doc.event {
            Some(e) => {
                let name = e.to_string();
                match editions.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, count)) => *count += 1,
                    None => editions.push((name, 1)),
                }
            }
            None => unknown.push(doc),
        }
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("About");
        for (name, count) in &editions {
            style::badge_ui(ui, &format!("{name} \u{b7} {count}"), style::EDITION_COLOR);
        }
    });
    if !unknown.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "No edition found for {} recap{}, so {} figures are not compared:",
                unknown.len(),
                if unknown.len() == 1 { "" } else { "s" },
                if unknown.len() == 1 { "its" } else { "their" }
            ));
            for doc in unknown {
                if ui
                    .link(doc.display_name())
                    .on_hover_text("Open the recap; set its edition in the Recaps panel")
                    .clicked()
                {
                    actions.push(Action::ShowDoc { doc: doc.id.clone(), span: None });
                }
            }
        });
    }
}

fn section_ui(
    ui: &mut Ui,
    state: &AppState,
    kind: FindingKind,
    title: &str,
    findings: &[&Finding],
    actions: &mut Vec<Action>,
) {
    let total = state.analysis.findings.iter().filter(|f| f.kind == kind).count();
    if total == 0 && kind != FindingKind::Contradiction {
        return;
    }
    ui.add_space(6.0);
    ui.label(RichText::new(format!("{title} ({total})")).size(17.0).strong().color(style::kind_color(kind)));
    for f in findings {
        let names: Vec<String> =
            f.docs.iter().map(|d| short(state.analysis.document(d).map_or(&**d, |doc| doc.short_name()), 48)).collect();
        let frame = egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, style::kind_color(kind).gamma_multiply(0.5)))
            .inner_margin(8.0);
        let response = frame
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                // The whole card is the button: its text must not take the click.
                ui.style_mut().interaction.selectable_labels = false;
                ui.label(RichText::new(&f.explanation).size(14.0));
                ui.label(RichText::new(format!("Sources: {}", names.join(", "))).color(ui.visuals().text_color()));
            })
            .response
            .interact(egui::Sense::click())
            .on_hover_cursor(egui::CursorIcon::PointingHand)
            .on_hover_text("Open this finding");
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &f.explanation));
        if response.clicked() {
            actions.push(Action::Select(Selection::Finding(f.id.clone())));
            actions.push(Action::Tab(Tab::Findings));
        }
    }
}
