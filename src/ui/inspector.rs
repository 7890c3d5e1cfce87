//! The right panel: what is selected (finding, claim or passage), its sources and
//! explanation, and the user's annotation, corrections and theme moves.

use egui::{RichText, Ui};

use super::widgets::field_row_ui;
use super::{Action, style};
use crate::analysis::ClaimFix;
use crate::analysis::compare::{format_interval, short};
use crate::model::{Analysis, Span};
use crate::state::{Annotation, AppState, Command, Selection, TargetKind, Verdict};

/// An annotation is saved once typing pauses this long (one undoable edit per pause).
const SAVE_AFTER_PAUSE: f64 = 0.8;

/// Edits in progress in the inspector: corrections are committed with a button,
/// annotations as the user types.
#[derive(Default)]
pub struct InspectorDraft {
    target: String,
    note: String,
    verdict: VerdictChoice,
    resolved: String,
    tags: String,
    subject: String,
    min: String,
    max: String,
    move_to: Option<String>,
    loaded: bool,
    /// The annotation as last drawn, and when it last changed (egui time).
    seen: Option<Annotation>,
    changed_at: f64,
    /// An annotation typed but not saved yet: saved on the next action of any kind.
    pending: Option<(String, Annotation)>,
}

impl InspectorDraft {
    /// The annotation typed but not saved yet, if any.
    pub fn take_pending(&mut self) -> Option<(String, Annotation)> {
        self.pending.take()
    }
}

#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum VerdictChoice {
    #[default]
    None,
    Confirmed,
    Dismissed,
    Resolved,
}

pub fn inspector_ui(ui: &mut Ui, state: &AppState, draft: &mut InspectorDraft, actions: &mut Vec<Action>) {
    ui.add_space(4.0);
    ui.heading("Inspector");
    ui.separator();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| match &state.view.selection {
        Selection::None => {
            ui.label(
                RichText::new(
                    "Select a finding, a figure or a passage to see its sources, explain it and annotate it.",
                )
                .weak(),
            );
        }
        Selection::Finding(id) => finding_ui(ui, state, id, draft, actions),
        Selection::Claim(id) => claim_ui(ui, state, id, draft, actions),
        Selection::Passage(id) => passage_ui(ui, state, id, draft, actions),
    });
}

fn doc_name<'a>(analysis: &'a Analysis, id: &'a str) -> &'a str {
    analysis.document(id).map_or(id, |d| d.short_name())
}

/// A quote with its recap's name and a jump button.
pub fn quote_ui(ui: &mut Ui, analysis: &Analysis, doc: &str, span: Span, text: &str, actions: &mut Vec<Action>) {
    egui::Frame::group(ui.style()).inner_margin(6.0).show(ui, |ui| {
        ui.set_width(ui.available_width());
        // The button first and the name truncated: a long title must not widen the panel.
        ui.horizontal(|ui| {
            if ui.small_button("Jump to source").clicked() {
                actions.push(Action::ShowDoc { doc: doc.to_owned(), span: Some(span) });
            }
            let title = analysis.document(doc).map_or(doc, |d| d.title.as_str());
            ui.add(egui::Label::new(RichText::new(doc_name(analysis, doc)).strong()).truncate()).on_hover_text(title);
        });
        ui.label(RichText::new(format!("\u{201c}{}\u{201d}", short(text, 400))).italics());
    });
}

fn finding_ui(ui: &mut Ui, state: &AppState, id: &str, draft: &mut InspectorDraft, actions: &mut Vec<Action>) {
    let analysis = &state.analysis;
    let Some(f) = analysis.finding(id) else {
        ui.label(RichText::new("This finding is no longer in the analysis.").weak());
        return;
    };
    ui.horizontal_wrapped(|ui| {
        style::badge_ui(ui, f.kind.as_str(), style::kind_color(f.kind));
        style::badge_ui(ui, f.basis.as_str(), egui::Color32::GRAY);
        if let Some(e) = &f.event {
            ui.label(RichText::new(e.to_string()).size(12.0));
        }
    });
    ui.add_space(4.0);
    ui.label(&f.explanation);
    ui.add_space(6.0);
    ui.label(RichText::new("Quotes").strong());
    for q in &f.quotes {
        quote_ui(ui, analysis, &q.doc, q.span, &q.text, actions);
    }
    if !f.claims.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("Figures").strong());
        for cid in &f.claims {
            if let Some(c) = analysis.claim(cid) {
                let label = format!("{}: {} {}", doc_name(analysis, &c.doc), format_interval(c), c.subject);
                if ui.link(label).on_hover_text("Inspect this figure").clicked() {
                    actions.push(Action::Select(Selection::Claim(c.id.to_string())));
                }
            }
        }
        if let Some(subject) = &f.subject
            && ui.button("Chart this subject").clicked()
        {
            actions.push(Action::ShowSubject(subject.clone()));
        }
    }
    ui.separator();
    annotation_ui(ui, state, TargetKind::Finding, id, draft, actions);
}

fn claim_ui(ui: &mut Ui, state: &AppState, id: &str, draft: &mut InspectorDraft, actions: &mut Vec<Action>) {
    let analysis = &state.analysis;
    let Some(c) = analysis.claim(id) else {
        ui.label(RichText::new("This figure is no longer in the analysis.").weak());
        return;
    };
    let figure = analysis.document(&c.doc).map_or("", |d| c.figure.slice(&d.text));
    ui.label(RichText::new(figure).heading());
    egui::Grid::new("claim").num_columns(2).spacing([8.0, 4.0]).show(ui, |ui| {
        ui.label("Subject");
        ui.label(if c.known_subject { c.subject.clone() } else { format!("{} (not in the lexicon)", c.subject) });
        ui.end_row();
        ui.label("Value");
        ui.label(format_interval(c));
        ui.end_row();
        ui.label("Unit");
        ui.label(c.unit.as_str());
        ui.end_row();
        ui.label("Edition");
        ui.label(c.event.as_ref().map_or_else(|| "unknown".to_owned(), ToString::to_string));
        ui.end_row();
        if c.corrected {
            ui.label("");
            ui.label(RichText::new("corrected by you").color(egui::Color32::from_rgb(150, 90, 200)));
            ui.end_row();
        }
    });
    quote_ui(ui, analysis, &c.doc, c.span, &c.quote, actions);
    let findings: Vec<_> = analysis.findings.iter().filter(|f| f.claims.iter().any(|x| **x == *id)).collect();
    for f in findings {
        ui.horizontal_wrapped(|ui| {
            style::badge_ui(ui, f.kind.as_str(), style::kind_color(f.kind));
            if ui.link(short(&f.explanation, 80)).clicked() {
                actions.push(Action::Select(Selection::Finding(f.id.clone())));
            }
        });
    }
    ui.separator();
    ui.label(RichText::new("Correct this figure").strong());
    if draft.target != id || !draft.loaded {
        load_draft(state, TargetKind::Claim, id, draft);
        draft.subject = c.subject.clone();
        draft.min = c.min.map(|v| v.to_string()).unwrap_or_default();
        draft.max = c.max.map(|v| v.to_string()).unwrap_or_default();
    }
    egui::Grid::new("correct").num_columns(2).show(ui, |ui| {
        field_row_ui(ui, "Subject", &mut draft.subject, "attendees", 160.0, false);
        field_row_ui(ui, "At least", &mut draft.min, "no bound", 160.0, false);
        field_row_ui(ui, "At most", &mut draft.max, "no bound", 160.0, false);
    });
    let parse = |s: &str| -> Result<Option<f64>, ()> {
        let s = s.trim().replace(',', "");
        if s.is_empty() { Ok(None) } else { s.parse::<f64>().map(Some).map_err(|_| ()) }
    };
    let (min, max) = (parse(&draft.min), parse(&draft.max));
    let valid = !draft.subject.trim().is_empty()
        && matches!((&min, &max), (Ok(a), Ok(b)) if a.zip(*b).is_none_or(|(a, b)| a <= b));
    ui.horizontal(|ui| {
        if ui
            .button("Not a figure")
            .on_hover_text("This is no figure of the event (a version, a bib number): leave it out; Ctrl+Z undoes")
            .clicked()
        {
            actions.push(Action::Edit(Command::NotAFigure { claim: id.to_owned(), not: true }));
        }
        if ui.add_enabled(valid, egui::Button::new("Apply correction")).clicked()
            && let (Ok(min), Ok(max)) = (min, max)
        {
            let fix = ClaimFix { subject: draft.subject.trim().to_owned(), min, max };
            actions.push(Action::Edit(Command::CorrectClaim { claim: id.to_owned(), fix: Some(fix) }));
        }
        if c.corrected && ui.button("Restore detected").clicked() {
            actions.push(Action::Edit(Command::CorrectClaim { claim: id.to_owned(), fix: None }));
        }
    });
    if !valid {
        ui.label(RichText::new("Give a subject and numbers, the lower bound not above the upper.").small().weak());
    }
    ui.separator();
    annotation_ui(ui, state, TargetKind::Claim, id, draft, actions);
}

fn passage_ui(ui: &mut Ui, state: &AppState, id: &str, draft: &mut InspectorDraft, actions: &mut Vec<Action>) {
    let analysis = &state.analysis;
    let Some(p) = analysis.passages.iter().find(|p| p.has_id(id)) else {
        ui.label(RichText::new("This passage is no longer in the analysis.").weak());
        return;
    };
    ui.label(RichText::new(doc_name(analysis, &p.doc)).strong());
    if let Some(h) = &p.heading {
        ui.label(RichText::new(&**h).small().weak());
    }
    let text = analysis.document(&p.doc).map_or("", |d| p.span.slice(&d.text));
    quote_ui(ui, analysis, &p.doc, p.span, text, actions);
    if let Some(b) = p.boilerplate {
        ui.label(RichText::new(format!("Boilerplate ({}): kept out of themes and figures", b.as_str())).weak());
    }
    figures_in_ui(ui, state, &p.doc, p.span, actions);
    ui.horizontal_wrapped(|ui| {
        ui.label("Themes:");
        if p.themes.is_empty() {
            ui.label(RichText::new("none").weak());
        }
        for t in &p.themes {
            let label = analysis.theme(&t.theme).map_or(&*t.theme, |t| t.label.as_str());
            if ui.small_button(label).on_hover_text(format!("score {:.2}; show aligned", t.score)).clicked() {
                actions.push(Action::ShowTheme(t.theme.to_string()));
            }
        }
    });
    if draft.target != id || !draft.loaded {
        load_draft(state, TargetKind::Passage, id, draft);
    }
    ui.horizontal(|ui| {
        let combo_label = ui.label("Move to");
        let selected =
            draft.move_to.as_deref().and_then(|t| analysis.theme(t)).map_or("choose a theme", |t| t.label.as_str());
        egui::ComboBox::from_id_salt("move-to")
            .selected_text(selected)
            .show_ui(ui, |ui| {
                for t in &analysis.themes {
                    ui.selectable_value(&mut draft.move_to, Some(t.id.clone()), &t.label);
                }
            })
            .response
            .labelled_by(combo_label.id);
        let from = p.themes.first().map(|t| t.theme.to_string());
        if ui
            .add_enabled(draft.move_to.is_some(), egui::Button::new("Move"))
            .on_hover_text("Replaces the passage's main theme")
            .clicked()
        {
            actions.push(Action::Edit(Command::MoveTheme { passage: id.to_owned(), from, to: draft.move_to.clone() }));
        }
    });
    ui.separator();
    annotation_ui(ui, state, TargetKind::Passage, id, draft, actions);
}

/// The figures read in a passage, each with "inspect" and "not a figure".
fn figures_in_ui(ui: &mut Ui, state: &AppState, doc: &str, span: Span, actions: &mut Vec<Action>) {
    let claims: Vec<_> = state.claims_in(doc, span).collect();
    if claims.is_empty() {
        return;
    }
    ui.label(RichText::new("Figures read here").strong());
    for c in claims {
        ui.horizontal(|ui| {
            let label = format!("{} {}", format_interval(c), c.subject);
            if ui.link(label).on_hover_text("Inspect, correct the subject or value").clicked() {
                actions.push(Action::Select(Selection::Claim(c.id.to_string())));
            }
            if ui.small_button("Not a figure").on_hover_text("Leave it out of the comparison; Ctrl+Z undoes").clicked()
            {
                actions.push(Action::Edit(Command::NotAFigure { claim: c.id.to_string(), not: true }));
            }
        });
    }
}

fn load_draft(state: &AppState, kind: TargetKind, id: &str, draft: &mut InspectorDraft) {
    let existing = state.annotation(id).cloned().unwrap_or_default();
    *draft = InspectorDraft {
        target: id.to_owned(),
        note: existing.note.clone(),
        verdict: match &existing.verdict {
            None => VerdictChoice::None,
            Some(Verdict::Confirmed) => VerdictChoice::Confirmed,
            Some(Verdict::Dismissed) => VerdictChoice::Dismissed,
            Some(Verdict::Resolved(_)) => VerdictChoice::Resolved,
        },
        resolved: match &existing.verdict {
            Some(Verdict::Resolved(v)) => v.clone(),
            _ => String::new(),
        },
        tags: existing.tags.join(", "),
        loaded: true,
        ..InspectorDraft::default()
    };
    let _ = kind;
}

fn annotation_ui(
    ui: &mut Ui,
    state: &AppState,
    kind: TargetKind,
    id: &str,
    draft: &mut InspectorDraft,
    actions: &mut Vec<Action>,
) {
    if draft.target != id || !draft.loaded {
        load_draft(state, kind, id, draft);
    }
    ui.label(RichText::new("Your annotation").strong());
    ui.horizontal_wrapped(|ui| {
        ui.radio_value(&mut draft.verdict, VerdictChoice::None, "No verdict");
        ui.radio_value(&mut draft.verdict, VerdictChoice::Confirmed, "Confirmed");
        ui.radio_value(&mut draft.verdict, VerdictChoice::Dismissed, "Dismissed");
        ui.radio_value(&mut draft.verdict, VerdictChoice::Resolved, "Resolved");
    });
    if draft.verdict == VerdictChoice::Resolved {
        ui.horizontal(|ui| {
            let label = ui.label("Accepted value");
            ui.add(egui::TextEdit::singleline(&mut draft.resolved).hint_text("e.g. 10,000").desired_width(140.0))
                .labelled_by(label.id);
        });
    }
    let note_label = ui.label("Note");
    ui.add(
        egui::TextEdit::multiline(&mut draft.note)
            .hint_text("What you checked, what you concluded")
            .desired_rows(4)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(note_label.id);
    ui.horizontal(|ui| {
        let tags_label = ui.label("Tags");
        ui.add(egui::TextEdit::singleline(&mut draft.tags).hint_text("comma, separated").desired_width(f32::INFINITY))
            .labelled_by(tags_label.id);
    });
    let annotation = Annotation {
        note: draft.note.trim().to_owned(),
        verdict: match draft.verdict {
            VerdictChoice::None => None,
            VerdictChoice::Confirmed => Some(Verdict::Confirmed),
            VerdictChoice::Dismissed => Some(Verdict::Dismissed),
            VerdictChoice::Resolved => Some(Verdict::Resolved(draft.resolved.trim().to_owned())),
        },
        tags: draft.tags.split(',').map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect(),
        anchor: state.anchor_for(kind, id),
        kind: Some(kind),
    };
    let existing = state.annotation(id).cloned().unwrap_or_default();
    let changed =
        existing.note != annotation.note || existing.verdict != annotation.verdict || existing.tags != annotation.tags;
    let now = ui.input(|i| i.time);
    if draft.seen.as_ref() != Some(&annotation) {
        draft.seen = Some(annotation.clone());
        draft.changed_at = now;
    }
    let quiet = now - draft.changed_at;
    draft.pending = None;
    if changed && quiet >= SAVE_AFTER_PAUSE {
        actions.push(Action::Edit(Command::Annotate { target: id.to_owned(), annotation }));
    } else if changed {
        draft.pending = Some((id.to_owned(), annotation));
        ui.ctx().request_repaint_after(std::time::Duration::from_secs_f64(SAVE_AFTER_PAUSE - quiet));
    }
    ui.horizontal(|ui| {
        let status = if changed {
            "Saving\u{2026}"
        } else if existing.is_empty() {
            "Saved as you type"
        } else {
            "Saved in the comparison"
        };
        ui.label(RichText::new(status).weak());
        if !existing.is_empty() && ui.button("Clear").clicked() {
            actions.push(Action::Edit(Command::Annotate { target: id.to_owned(), annotation: Annotation::default() }));
            draft.loaded = false;
        }
    });
}
