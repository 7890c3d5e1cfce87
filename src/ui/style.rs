//! All colours and spacing of the window. A highlight colour always has a legend
//! ([`legend_ui`]).

use egui::{Color32, RichText, Ui};

use crate::model::FindingKind;

/// How a figure stands against the other recaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Contradiction,
    Discrepancy,
    Agreement,
    /// Stated by one recap only.
    Single,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [Verdict::Contradiction, Verdict::Discrepancy, Verdict::Agreement, Verdict::Single];

    pub fn label(self) -> &'static str {
        match self {
            Self::Contradiction => "contradiction",
            Self::Discrepancy => "discrepancy",
            Self::Agreement => "agreement",
            Self::Single => "single source",
        }
    }

    pub fn from_kind(kind: FindingKind) -> Option<Self> {
        match kind {
            FindingKind::Contradiction => Some(Self::Contradiction),
            FindingKind::Discrepancy => Some(Self::Discrepancy),
            FindingKind::Agreement => Some(Self::Agreement),
            FindingKind::EditionComparison => None,
        }
    }
}

/// The background a highlighted figure gets.
pub fn verdict_fill(verdict: Verdict, dark: bool) -> Color32 {
    match (verdict, dark) {
        (Verdict::Contradiction, false) => Color32::from_rgb(250, 205, 200),
        (Verdict::Discrepancy, false) => Color32::from_rgb(252, 230, 170),
        (Verdict::Agreement, false) => Color32::from_rgb(200, 236, 200),
        (Verdict::Single, false) => Color32::from_rgb(214, 226, 245),
        (Verdict::Contradiction, true) => Color32::from_rgb(120, 40, 36),
        (Verdict::Discrepancy, true) => Color32::from_rgb(110, 85, 20),
        (Verdict::Agreement, true) => Color32::from_rgb(35, 90, 45),
        (Verdict::Single, true) => Color32::from_rgb(40, 60, 100),
    }
}

/// Text sizes: nothing smaller than 12 points (egui's small text is 9), body a little
/// larger than egui's default for long reading.
pub fn set_text_sizes(ctx: &egui::Context) {
    use egui::{FontId, TextStyle};
    ctx.all_styles_mut(|style| {
        for (text_style, size) in [(TextStyle::Small, 12.0), (TextStyle::Body, 13.5), (TextStyle::Button, 13.5)] {
            style.text_styles.insert(text_style, FontId::proportional(size));
        }
    });
}

/// The colour of edition badges.
pub const EDITION_COLOR: Color32 = Color32::from_rgb(70, 110, 190);

/// The strong colour of a finding kind (badges, markers).
pub fn kind_color(kind: FindingKind) -> Color32 {
    match kind {
        FindingKind::Contradiction => Color32::from_rgb(200, 50, 45),
        FindingKind::Discrepancy => Color32::from_rgb(200, 140, 20),
        FindingKind::Agreement => Color32::from_rgb(50, 150, 70),
        FindingKind::EditionComparison => Color32::from_rgb(70, 110, 190),
    }
}

/// Text removed between near-duplicate sentences.
pub const DIFF_DELETE: Color32 = Color32::from_rgb(200, 60, 60);
/// Text added between near-duplicate sentences.
pub const DIFF_INSERT: Color32 = Color32::from_rgb(40, 140, 70);

/// A series colour per recap (charts, column headers).
pub fn doc_color(index: usize) -> Color32 {
    const PALETTE: [Color32; 8] = [
        Color32::from_rgb(66, 133, 244),
        Color32::from_rgb(219, 68, 55),
        Color32::from_rgb(15, 157, 88),
        Color32::from_rgb(171, 71, 188),
        Color32::from_rgb(255, 160, 0),
        Color32::from_rgb(0, 172, 193),
        Color32::from_rgb(124, 179, 66),
        Color32::from_rgb(121, 85, 72),
    ];
    PALETTE.get(index % PALETTE.len()).copied().unwrap_or(Color32::GRAY)
}

/// The shade of a matrix cell for `share` (0..=1) of the most any cell says.
pub fn cell_fill(share: f32, dark: bool) -> Color32 {
    let share = share.clamp(0.0, 1.0);
    let (base, strong) =
        if dark { ([40.0, 44.0, 52.0], [40.0, 110.0, 190.0]) } else { ([246.0, 248.0, 252.0], [120.0, 170.0, 235.0]) };
    let mix = |i: usize| {
        let b = base.get(i).copied().unwrap_or(0.0);
        let s = strong.get(i).copied().unwrap_or(0.0);
        (b + (s - b) * share) as u8
    };
    Color32::from_rgb(mix(0), mix(1), mix(2))
}

/// Spacing between blocks of a view.
pub const GAP: f32 = 8.0;
/// Width of one recap column in the aligned view.
pub const COLUMN_MIN_WIDTH: f32 = 170.0;
/// Side panels.
pub const DOCS_PANEL_WIDTH: f32 = 240.0;
pub const INSPECTOR_WIDTH: f32 = 300.0;

/// A round dot in a recap's colour (painted: the fonts have no such glyph).
pub fn color_dot_ui(ui: &mut Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 4.5, color);
}

/// A small coloured badge.
pub fn badge_ui(ui: &mut Ui, text: &str, color: Color32) -> egui::Response {
    egui::Frame::new()
        .fill(color.gamma_multiply(0.18))
        .stroke(egui::Stroke::new(1.0, color.gamma_multiply(0.6)))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(5, 1))
        .show(ui, |ui| ui.label(RichText::new(text).size(12.0).color(color)))
        .response
}

/// The legend of figure highlights.
pub fn legend_ui(ui: &mut Ui) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Figures:").small().strong());
        for v in Verdict::ALL {
            egui::Frame::new()
                .fill(verdict_fill(v, dark))
                .corner_radius(3.0)
                .inner_margin(egui::Margin::symmetric(5, 1))
                .show(ui, |ui| ui.label(RichText::new(v.label()).small()));
        }
    });
}
