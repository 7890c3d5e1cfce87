//! Small widgets shared by several views.

use egui::Ui;

/// One row of a two-column grid: a label and the text field it names (for screen
/// readers too). Returns the field's response.
pub fn field_row_ui(
    ui: &mut Ui,
    name: &str,
    value: &mut String,
    hint: &str,
    width: f32,
    multiline: bool,
) -> egui::Response {
    let label = ui.label(name);
    let edit =
        if multiline { egui::TextEdit::multiline(value).desired_rows(2) } else { egui::TextEdit::singleline(value) };
    let response = ui.add(edit.hint_text(hint).desired_width(width)).labelled_by(label.id);
    ui.end_row();
    response
}
