//! The findings table: sortable, filterable (kind, text), contradictions first;
//! selecting one shows its quotes in context with "jump to source".

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::analysis::compare::short;
use crate::model::{Finding, FindingKind};
use crate::state::{AppState, Selection};
use crate::ui::{Action, inspector, style};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Kind,
    Subject,
    Edition,
    Status,
}

/// The table's sort and filter.
pub struct FindingsView {
    pub sort: SortBy,
    pub descending: bool,
    pub filter: String,
    pub kinds: [bool; 4],
}

impl Default for FindingsView {
    fn default() -> Self {
        Self { sort: SortBy::Kind, descending: false, filter: String::new(), kinds: [true; 4] }
    }
}

const KINDS: [FindingKind; 4] =
    [FindingKind::Contradiction, FindingKind::Discrepancy, FindingKind::Agreement, FindingKind::EditionComparison];

fn subject_of(state: &AppState, f: &Finding) -> String {
    f.subject
        .clone()
        .or_else(|| f.theme.as_ref().map(|t| state.analysis.theme(t).map_or_else(|| t.clone(), |t| t.label.clone())))
        .unwrap_or_default()
}

fn status_of(state: &AppState, f: &Finding) -> String {
    state.annotation(&f.id).and_then(|a| a.verdict.as_ref()).map_or_else(|| "open".to_owned(), |v| v.label())
}

pub fn findings_ui(ui: &mut Ui, state: &AppState, view: &mut FindingsView, actions: &mut Vec<Action>) {
    let analysis = &state.analysis;
    ui.horizontal_wrapped(|ui| {
        ui.label("Show");
        for (i, kind) in KINDS.iter().enumerate() {
            if let Some(on) = view.kinds.get_mut(i) {
                let n = analysis.findings.iter().filter(|f| f.kind == *kind).count();
                ui.checkbox(on, RichText::new(format!("{} ({n})", kind.as_str())).color(style::kind_color(*kind)));
            }
        }
        ui.separator();
        ui.add(
            egui::TextEdit::singleline(&mut view.filter)
                .hint_text("Filter by subject, edition, recap or words")
                .desired_width(260.0),
        );
    });
    let needle = view.filter.trim().to_lowercase();
    let mut rows: Vec<&Finding> = analysis
        .findings
        .iter()
        .map(|f| &**f)
        .filter(|f| KINDS.iter().position(|k| *k == f.kind).and_then(|i| view.kinds.get(i)).copied().unwrap_or(true))
        .filter(|f| {
            needle.is_empty()
                || f.explanation.to_lowercase().contains(&needle)
                || subject_of(state, f).to_lowercase().contains(&needle)
                || f.event.as_ref().is_some_and(|e| e.to_string().to_lowercase().contains(&needle))
                || status_of(state, f).contains(&needle)
        })
        .collect();
    rows.sort_by(|a, b| {
        let ord = match view.sort {
            SortBy::Kind => a.kind.cmp(&b.kind).then_with(|| subject_of(state, a).cmp(&subject_of(state, b))),
            SortBy::Subject => subject_of(state, a).cmp(&subject_of(state, b)),
            SortBy::Edition => a.event.cmp(&b.event),
            SortBy::Status => status_of(state, a).cmp(&status_of(state, b)),
        };
        if view.descending { ord.reverse() } else { ord }
    });
    let selected = match &state.view.selection {
        Selection::Finding(id) => Some(id.clone()),
        _ => None,
    };
    let position = selected.as_deref().and_then(|id| rows.iter().position(|f| f.id == id));
    let scroll_to = keys(ui, &rows, position, actions);
    let detail_height = if selected.is_some() { (ui.available_height() * 0.42).max(160.0) } else { 0.0 };
    let table_height = (ui.available_height() - detail_height - 8.0).max(120.0);
    ui.allocate_ui(egui::vec2(ui.available_width(), table_height), |ui| {
        let mut header_button = |ui: &mut Ui, label: &str, sort: SortBy| {
            let arrow = if view.sort == sort { if view.descending { " (desc)" } else { " (asc)" } } else { "" };
            if ui
                .add(egui::Button::new(RichText::new(format!("{label}{arrow}")).strong()).frame(false))
                .on_hover_text("Sort by this column")
                .clicked()
            {
                if view.sort == sort {
                    view.descending = !view.descending;
                } else {
                    view.sort = sort;
                    view.descending = false;
                }
            }
        };
        // A click anywhere on a row selects it: no cell text takes the click.
        ui.style_mut().interaction.selectable_labels = false;
        // The finding takes what the other columns leave; they shrink on a narrow window.
        let side = (ui.available_width() * 0.16).clamp(60.0, 140.0);
        let mut table = TableBuilder::new(ui)
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(108.0).resizable(false))
            .column(Column::remainder().at_least(120.0).clip(true))
            .column(Column::initial(side).at_least(50.0).clip(true))
            .column(Column::initial(side).at_least(50.0).clip(true))
            .column(Column::initial(side.min(76.0)).at_least(50.0).clip(true))
            .min_scrolled_height(0.0)
            .max_scroll_height(table_height);
        if let Some(row) = scroll_to {
            table = table.scroll_to_row(row, None);
        }
        table
            .header(24.0, |mut header| {
                header.col(|ui| header_button(ui, "Kind", SortBy::Kind));
                header.col(|ui| {
                    ui.label(RichText::new("Finding").strong());
                });
                header.col(|ui| header_button(ui, "Subject / theme", SortBy::Subject));
                header.col(|ui| header_button(ui, "Edition", SortBy::Edition));
                header.col(|ui| header_button(ui, "Status", SortBy::Status));
            })
            .body(|body| {
                body.rows(26.0, rows.len(), |mut row| {
                    let Some(f) = rows.get(row.index()) else { return };
                    row.set_selected(selected.as_deref() == Some(f.id.as_str()));
                    row.col(|ui| {
                        style::badge_ui(ui, f.kind.as_str(), style::kind_color(f.kind));
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(short(&f.explanation, 200)).truncate()).on_hover_text(&f.explanation);
                    });
                    row.col(|ui| {
                        ui.label(subject_of(state, f));
                    });
                    row.col(|ui| {
                        ui.label(f.event.as_ref().map_or_else(|| "across editions".to_owned(), ToString::to_string));
                    });
                    row.col(|ui| {
                        ui.label(status_of(state, f));
                    });
                    let response = row.response();
                    response.widget_info(|| {
                        egui::WidgetInfo::selected(
                            egui::Role::Row,
                            true,
                            selected.as_deref() == Some(f.id.as_str()),
                            &f.explanation,
                        )
                    });
                    if response.clicked() {
                        actions.push(Action::Select(Selection::Finding(f.id.clone())));
                    }
                });
            });
    });
    if rows.is_empty() {
        ui.label(RichText::new("No finding matches the filter.").weak());
    } else if selected.is_none() {
        ui.label(
            RichText::new("Click a row, or use the arrow keys, to see its quotes; Enter opens the first one.").weak(),
        );
    }
    if let Some(f) = selected.as_deref().and_then(|id| analysis.finding(id)) {
        ui.separator();
        egui::ScrollArea::vertical().id_salt("finding-detail").auto_shrink([false, false]).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                style::badge_ui(ui, f.kind.as_str(), style::kind_color(f.kind));
                ui.label(RichText::new(&f.explanation).strong());
            });
            let columns = f.quotes.len().clamp(1, 3);
            ui.columns(columns, |cols| {
                for (i, q) in f.quotes.iter().enumerate() {
                    if let Some(col) = cols.get_mut(i % columns) {
                        inspector::quote_ui(col, analysis, &q.doc, q.span, &q.text, actions);
                    }
                }
            });
        });
    }
}

/// ↑/↓ select the previous or next row, Enter opens the selected finding's first quote,
/// Esc deselects; only while no text field has the keyboard. Returns the row to
/// scroll to.
fn keys(ui: &Ui, rows: &[&Finding], position: Option<usize>, actions: &mut Vec<Action>) -> Option<usize> {
    if ui.ctx().egui_wants_keyboard_input() || rows.is_empty() {
        return None;
    }
    let (down, up, enter, escape) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
            position.is_some() && i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
        )
    });
    let target = match position {
        _ if !(down || up) => None,
        None => Some(if down { 0 } else { rows.len() - 1 }),
        Some(at) if down => Some((at + 1).min(rows.len() - 1)),
        Some(at) => Some(at.saturating_sub(1)),
    };
    if let Some(f) = target.and_then(|i| rows.get(i)) {
        actions.push(Action::Select(Selection::Finding(f.id.clone())));
    }
    if enter && let Some(q) = position.and_then(|i| rows.get(i)).and_then(|f| f.quotes.first()) {
        actions.push(Action::ShowDoc { doc: q.doc.to_string(), span: Some(q.span) });
    }
    if escape {
        actions.push(Action::Select(Selection::None));
    }
    target
}
