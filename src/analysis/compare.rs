//! Claims and stances to findings.
//!
//! Only claims of the same subject, unit and edition are compared. Inside such a
//! group, claims are swept in order of their lower bound into camps whose intervals
//! share a point (every pair inside a camp is compatible); consecutive camps that
//! cannot both hold are contradictions. Sorting makes this O(n log n) per group, and
//! the groups keep it near-linear in the number of recaps.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::analysis::claims::is_round;
use crate::model::{
    Basis, Claim, Document, Edition, Finding, FindingKind, Polarity, Qualifier, Quote, Stance, Unit, stable_id,
};

/// Within a camp, representative values this far apart or further are a discrepancy
/// ("over 8,000" and "over 10,000" can both hold, but the recaps saw different sizes).
pub const MAGNITUDE_RATIO: f64 = 1.25;
/// How much a writer may have rounded a round figure ("10,000").
pub const ROUNDING: f64 = 0.05;

/// What the comparison needs to know about documents and subjects.
pub struct Names<'a> {
    documents: FxHashMap<&'a str, &'a Document>,
    /// Subject id -> label.
    subject_label: &'a Label<'a>,
    /// Theme id -> label.
    theme_label: &'a Label<'a>,
    /// How findings say what a scope counts.
    scopes: Option<&'a crate::lexicon::Scopes>,
}

/// An id's label, for any thread.
pub type Label<'a> = dyn Fn(&str) -> String + Sync + 'a;

impl<'a> Names<'a> {
    pub fn new(documents: &'a [Document], subject_label: &'a Label<'a>, theme_label: &'a Label<'a>) -> Self {
        Self { documents: documents.iter().map(|d| (&*d.id, d)).collect(), subject_label, theme_label, scopes: None }
    }

    /// These names, saying what a scope counts as `scopes` do.
    pub fn with_scopes(self, scopes: &'a crate::lexicon::Scopes) -> Self {
        Self { scopes: Some(scopes), ..self }
    }

    fn doc<'s>(&'s self, id: &'s str) -> &'s str {
        self.documents.get(id).map_or(id, |d| d.display_name())
    }

    fn text(&self, id: &str) -> &'a str {
        self.documents.get(id).map_or("", |d| &*d.text)
    }
}

/// At most this many recaps are named in one explanation; the rest are counted.
const MAX_NAMED: usize = 4;

fn lo(c: &Claim) -> f64 {
    c.min.unwrap_or(f64::NEG_INFINITY)
}

fn hi(c: &Claim) -> f64 {
    c.max.unwrap_or(f64::INFINITY)
}

/// The value a reader would quote for a claim: the bound it states.
fn representative(c: &Claim) -> f64 {
    match (c.min, c.max) {
        (Some(a), Some(b)) => (a + b) / 2.0,
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => 0.0,
    }
}

/// The claim's interval widened for rounding, when its figure is a round number.
fn loose(c: &Claim) -> (f64, f64) {
    let widen = |v: f64| if is_round(v) { v * ROUNDING } else { 0.0 };
    (lo(c) - c.min.map_or(0.0, widen), hi(c) + c.max.map_or(0.0, widen))
}

/// A set of mutually compatible claims.
#[derive(Clone)]
struct Camp<'c> {
    claims: Vec<&'c Claim>,
    lo: f64,
    hi: f64,
    sizes: Sizes,
    /// Whether two recaps agree on a bounded figure in it.
    settled: bool,
}

impl<'c> Camp<'c> {
    fn of(claim: &'c Claim) -> Self {
        Camp { claims: vec![claim], lo: lo(claim), hi: hi(claim), sizes: Sizes::NONE.with(claim), settled: false }
    }

    /// How many recaps the camp's claims come from.
    fn docs(&self) -> usize {
        docs_of(&self.claims)
    }

    fn take(&mut self, claim: &'c Claim) {
        self.lo = self.lo.max(lo(claim));
        self.hi = self.hi.min(hi(claim));
        self.sizes = self.sizes.with(claim);
        let bounded = |c: &Claim| c.min.is_some() && c.max.is_some();
        self.settled |= bounded(claim) && self.claims.iter().any(|c| bounded(c) && c.doc != claim.doc);
        self.claims.push(claim);
    }
}

/// The smallest and the largest figure a reader would quote among some claims.
#[derive(Clone, Copy)]
struct Sizes {
    small: f64,
    large: f64,
}

impl Sizes {
    const NONE: Sizes = Sizes { small: f64::INFINITY, large: 0.0 };

    fn with(self, claim: &Claim) -> Self {
        let v = representative(claim);
        if v > 0.0 { Sizes { small: self.small.min(v), large: self.large.max(v) } } else { self }
    }

    /// Whether they differ in size ("over 8,000" and "over 12,000" may both hold, but
    /// say different things).
    fn differ(self) -> bool {
        self.small.is_finite() && self.large / self.small >= MAGNITUDE_RATIO
    }
}

/// The claims in camps of mutually compatible ones, in order: a sweep over the
/// bounded figures, then each open-ended one ("over 5,000") joins the first camp it
/// holds and fits in size, else the first it holds; beside recaps that agree on a
/// bounded figure of another size, it stays on its own.
fn camps<'c>(mut claims: Vec<&'c Claim>) -> Vec<Camp<'c>> {
    let order = |a: &&Claim, b: &&Claim| lo(a).total_cmp(&lo(b)).then(hi(a).total_cmp(&hi(b))).then(a.id.cmp(&b.id));
    claims.sort_by(order);
    let (bounded, open): (Vec<&Claim>, Vec<&Claim>) =
        claims.into_iter().partition(|c| c.min.is_some() && c.max.is_some());
    let mut out: Vec<Camp<'c>> = Vec::new();
    for claim in bounded {
        match out.last_mut() {
            Some(camp) if lo(claim) <= camp.hi => camp.take(claim),
            _ => out.push(Camp::of(claim)),
        }
    }
    for claim in open {
        let fits = |camp: &Camp<'_>| lo(claim) <= camp.hi && hi(claim) >= camp.lo;
        // Recaps that agree on a bounded figure are not set apart by a loose bound of
        // another size; loose bounds of different sizes are worth a look together.
        let k = out
            .iter()
            .position(|c| fits(c) && !c.sizes.with(claim).differ())
            .or_else(|| out.iter().position(|c| fits(c) && !c.settled));
        match k.and_then(|k| out.get_mut(k)) {
            Some(camp) => camp.take(claim),
            None => out.push(Camp::of(claim)),
        }
    }
    for camp in &mut out {
        camp.claims.sort_by(order);
    }
    out.sort_by(|a, b| a.claims.first().zip(b.claims.first()).map_or(std::cmp::Ordering::Equal, |(x, y)| order(x, y)));
    out
}

fn join_names<S: AsRef<str>>(names: &[S]) -> String {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    if names.len() > MAX_NAMED + 1 {
        let shown = names.get(..MAX_NAMED).unwrap_or(&names).join(", ");
        return format!("{shown} and {} other recaps", names.len() - MAX_NAMED);
    }
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// "THNKBIG says “over 160 projects”" / "A and B say “159 projects”".
fn camp_says(claims: &[&Claim], names: &Names<'_>) -> String {
    let mut docs: Vec<&str> = Vec::new();
    let mut seen = FxHashSet::default();
    let mut figures: Vec<String> = Vec::new();
    for c in claims {
        if !seen.insert(&*c.doc) {
            continue;
        }
        docs.push(names.doc(&c.doc));
        if figures.len() < MAX_NAMED {
            let figure = figure_text(c, names);
            if !figures.contains(&figure) {
                figures.push(figure);
            }
        }
    }
    let verb = if docs.len() == 1 { "says" } else { "say" };
    let quoted: Vec<String> = figures.iter().map(|f| format!("\u{201c}{f}\u{201d}")).collect();
    format!("{} {verb} {}", join_names(&docs), quoted.join(" / "))
}

fn figure_text(c: &Claim, names: &Names<'_>) -> String {
    let text = c.figure.slice(names.text(&c.doc));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() { format_interval(c) } else { text }
}

/// An interval in words: "at least 10,000", "between 12,000 and 15,000".
pub fn format_interval(c: &Claim) -> String {
    let unit = if c.unit == Unit::Percent { "%" } else { "" };
    let f = |v: f64| format!("{}{unit}", format_number(v));
    match (c.min, c.max) {
        (Some(a), Some(b)) if (a - b).abs() < f64::EPSILON => f(a),
        (Some(a), Some(b)) => format!("{}\u{2013}{}", f(a), f(b)),
        (Some(a), None) => format!("at least {}", f(a)),
        (None, Some(b)) => format!("at most {}", f(b)),
        (None, None) => "unknown".to_owned(),
    }
}

/// 10000 -> "10,000"; 12.5 -> "12.5".
pub fn format_number(v: f64) -> String {
    if v.fract().abs() > 1e-9 {
        return format!("{v:.1}");
    }
    let digits = format!("{}", v.abs() as u64);
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

fn edition_text(e: Option<&Edition>) -> String {
    e.map_or_else(|| "an unknown edition".to_owned(), ToString::to_string)
}

fn quotes_of(claims: &[&Claim]) -> Vec<Quote> {
    let mut seen = FxHashSet::default();
    claims
        .iter()
        .filter(|c| seen.insert((&*c.doc, c.span)))
        .map(|c| Quote { doc: c.doc.clone(), span: c.span, text: c.quote.clone() })
        .collect()
}

fn finding(
    kind: FindingKind,
    subject: &str,
    event: Option<&Edition>,
    claims: &[&Claim],
    explanation: String,
) -> Finding {
    let mut ids: Vec<&Arc<str>> = claims.iter().map(|c| &c.id).collect();
    ids.sort_unstable();
    ids.dedup();
    let edition = edition_text(event);
    let mut parts = vec![kind.as_str(), "figure", subject, edition.as_str()];
    parts.extend(ids.iter().map(|id| &***id));
    let mut docs: Vec<&Arc<str>> = claims.iter().map(|c| &c.doc).collect();
    docs.sort_unstable();
    docs.dedup();
    Finding {
        id: stable_id("f", &parts),
        kind,
        basis: Basis::Figure,
        subject: Some(subject.to_owned()),
        theme: None,
        event: event.cloned(),
        docs: docs.into_iter().cloned().collect(),
        claims: ids.into_iter().cloned().collect(),
        quotes: quotes_of(claims),
        explanation,
    }
}

/// A figure group's key, borrowed from its claims: subject, unit, and the edition as
/// (series, year).
/// (subject, unit, edition, the part of the event it counts).
type GroupKey<'c> = (&'c str, &'c Unit, Option<(&'c str, Option<i32>)>, Option<&'c str>);
/// Per series and subject: each edition's claims.
type SeriesGroups<'g, 'c> = BTreeMap<(&'c str, &'c Unit, &'c str), Vec<&'g Vec<&'c Claim>>>;

/// The findings of each group (figures: subject, unit and edition; stances: theme and
/// edition), kept from one analysis to the next with a digest of everything they were
/// made from: a group that an edit leaves alone keeps its findings instead of
/// explaining them again.
#[derive(Clone, Debug, Default)]
pub struct FindingsMemo {
    /// By a hash of the group's key: two keys with one hash only miss each other's
    /// findings (the digest names the claims, and so the key).
    groups: FxHashMap<u64, (u64, Vec<Arc<Finding>>)>,
}

impl FindingsMemo {
    /// How many groups are remembered.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// A digest of everything [`group_findings`] reads: each claim, in order, with its
/// recap's name and content (the claim's sentence and figure are read from it), and the
/// subject's label. Every field of a claim is named, so a field added later cannot be
/// forgotten here. Fx hashing is enough: each of its steps is a bijection of the state,
/// so a changed number (a corrected value, a span) always changes the digest; another
/// change could go unseen only by a 64-bit coincidence.
fn group_digest(label: &str, members: &[&Claim], names: &Names<'_>) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    label.hash(&mut h);
    for c in members {
        let Claim {
            id,
            doc,
            subject,
            known_subject,
            min,
            max,
            unit,
            qualifier,
            quote,
            span,
            figure,
            event,
            scope,
            corrected,
        } = c;
        (id, doc, subject, known_subject, unit, qualifier, quote, span, figure, event, scope, corrected).hash(&mut h);
        (min.map(f64::to_bits), max.map(f64::to_bits)).hash(&mut h);
        match names.documents.get(&**doc) {
            Some(d) => (d.display_name(), &d.hash, d.text.len()).hash(&mut h),
            None => 0_u8.hash(&mut h),
        }
    }
    h.finish()
}

/// Every finding, figures then stances, in the order reports list them: by kind, subject,
/// theme and id. `figures` and `stances` keep the findings of unchanged groups.
pub fn findings(
    claims: &[Claim],
    stances: &[Stance],
    names: &Names<'_>,
    figures: &mut FindingsMemo,
    stance_memo: &mut FindingsMemo,
) -> Vec<Arc<Finding>> {
    let mut out = figure_findings(claims, names, Some(figures));
    out.extend(stance_findings(stances, names, Some(stance_memo)));
    out.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then_with(|| a.subject.cmp(&b.subject))
            .then_with(|| a.theme.cmp(&b.theme))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// Figure findings: agreements, contradictions and discrepancies within an edition,
/// comparisons across editions of a series. With a `memo`, groups unchanged since the
/// last call keep their findings.
pub fn figure_findings(claims: &[Claim], names: &Names<'_>, memo: Option<&mut FindingsMemo>) -> Vec<Arc<Finding>> {
    // Grouped by hash (thousands of claims), then the few hundred groups put in order.
    let mut by_key: rustc_hash::FxHashMap<GroupKey<'_>, Vec<&Claim>> = rustc_hash::FxHashMap::default();
    for c in claims.iter().filter(|c| c.qualifier != Qualifier::Vague) {
        let edition = c.event.as_deref().map(|e| (e.series.as_str(), e.year));
        // A part of the event is compared only with itself ("the halftime show").
        let part = c.scope.as_deref().filter(|s| names.scopes.is_some_and(|scopes| scopes.is_part(s)));
        by_key.entry((c.subject.as_str(), &c.unit, edition, part)).or_default().push(c);
    }
    let groups: BTreeMap<GroupKey<'_>, Vec<&Claim>> = by_key.into_iter().collect();
    // Each subject and edition on whichever core is free.
    let list: Vec<(&GroupKey<'_>, &Vec<&Claim>)> = groups.iter().collect();
    let memo_key = |key: &GroupKey<'_>| {
        let mut h = rustc_hash::FxHasher::default();
        key.hash(&mut h);
        h.finish()
    };
    let remembered = memo.as_deref();
    let per_group: Vec<(u64, Vec<Arc<Finding>>)> = list
        .par_iter()
        .map(|&(key, members)| {
            let Some(remembered) = remembered else {
                return (0, explain_group(key, members, names));
            };
            let digest = group_digest(&(names.subject_label)(key.0), members, names);
            match remembered.groups.get(&memo_key(key)) {
                Some((d, findings)) if *d == digest => (digest, findings.clone()),
                _ => (digest, explain_group(key, members, names)),
            }
        })
        .collect();
    let mut out: Vec<Arc<Finding>> = per_group.iter().flat_map(|(_, f)| f.iter().cloned()).collect();
    if let Some(memo) = memo {
        memo.groups = list.iter().zip(per_group).map(|(&(key, _), kept)| (memo_key(key), kept)).collect();
    }
    out.extend(edition_comparisons(&groups, names).into_iter().map(Arc::new));
    out
}

fn explain_group(key: &GroupKey<'_>, members: &[&Claim], names: &Names<'_>) -> Vec<Arc<Finding>> {
    let (subject, _, edition_key, part) = key;
    let part = part.map(|p| names.scopes.and_then(|s| s.note(p)).unwrap_or(p));
    group_findings(subject, edition_key.is_some(), part, members, names).into_iter().map(Arc::new).collect()
}

/// The findings on one subject at one edition (`dated`: the edition is known), of one
/// part of the event if `part` says which.
fn group_findings(
    subject: &str,
    dated: bool,
    part: Option<&str>,
    members: &[&Claim],
    names: &Names<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let event = members.first().and_then(|c| c.event.as_deref());
    let label = (names.subject_label)(subject);
    let known = members.iter().all(|c| c.known_subject);
    let where_ = match part {
        Some(part) => format!("{} ({part})", edition_text(event)),
        None => edition_text(event),
    };
    let swept = camps(members.to_vec());
    // Clusters of recaps that agree.
    let differ = |camp: &Camp<'_>| camp.sizes.differ();
    // A loose figure agrees with every camp it holds ("more than 1,400" with "1,462" and
    // with "1,463"), though the sweep put it in one: it joins the others where it
    // holds their whole range and is of their size.
    let mut all: Vec<Camp<'_>> = swept.clone();
    for (k, grown) in all.iter_mut().enumerate() {
        let others = swept.iter().enumerate().filter(|(j, _)| *j != k).flat_map(|(_, c)| c.claims.iter().copied());
        let (range_lo, range_hi) = (grown.lo, grown.hi);
        for c in others.filter(|c| lo(c) <= range_lo && hi(c) >= range_hi) {
            if !grown.sizes.with(c).differ() {
                grown.take(c);
            }
        }
    }
    // Recaps that agree on some figure: a loose bound of one under another's figure of
    // theirs is no discrepancy worth a reader's time.
    let agreeing: BTreeSet<Vec<&str>> =
        all.iter().filter(|c| c.docs() >= 2 && !differ(c)).map(|c| doc_ids(&c.claims)).collect();
    let covered = |camp: &Camp<'_>| {
        let docs = doc_ids(&camp.claims);
        docs.iter()
            .enumerate()
            .all(|(i, a)| docs.iter().skip(i + 1).all(|b| agreeing.iter().any(|g| g.contains(a) && g.contains(b))))
    };
    for camp in &all {
        if camp.docs() < 2 {
            continue;
        }
        if differ(camp) && covered(camp) {
            continue;
        }
        if differ(camp) {
            let text = format!(
                "{} for {label} at {where_}: the figures are compatible only if it was at least {}, and their sizes differ; check the sources.",
                camp_join(&camp.claims, names),
                format_number(camp.lo.max(0.0)),
            );
            out.push(finding(FindingKind::Discrepancy, subject, event, &camp.claims, text));
        } else {
            let text = format!("{} agree on {label} at {where_}.", camp_join(&camp.claims, names));
            out.push(finding(FindingKind::Agreement, subject, event, &camp.claims, text));
        }
    }
    let context = Context { subject, dated, known, label: &label, where_: &where_, event };
    match outliers(members) {
        Some(pairs) => out.extend(pairs.iter().map(|(first, second)| verdict(first, second, &context, names))),
        None => out.extend(camp_contradictions(&swept, &context, names)),
    }
    out
}

/// More pairs of recaps than this that disagree on one subject and edition are told
/// camp against camp, not pair by pair.
const MAX_PAIRS: usize = 24;

/// What a verdict on one subject at one edition says it is about.
struct Context<'a> {
    subject: &'a str,
    dated: bool,
    known: bool,
    label: &'a str,
    where_: &'a str,
    event: Option<&'a Edition>,
}

fn compatible(a: &Claim, b: &Claim) -> bool {
    lo(a) <= hi(b) && lo(b) <= hi(a)
}

/// The pairs of recaps none of whose figures are compatible, each as (its claims, the
/// other's claims), the recap at odds with more of the others first ("THNKBIG says
/// over 160; NTT DATA says 159"); `None` when there are more than [`MAX_PAIRS`].
fn outliers<'c>(members: &[&'c Claim]) -> Option<Vec<(Vec<&'c Claim>, Vec<&'c Claim>)>> {
    let mut by_doc: BTreeMap<&str, Vec<&'c Claim>> = BTreeMap::new();
    for c in members {
        by_doc.entry(&c.doc).or_default().push(c);
    }
    let docs: Vec<&Vec<&Claim>> = by_doc.values().collect();
    let mut pairs = Vec::new();
    let mut odds = vec![0usize; docs.len()];
    for (i, a) in docs.iter().enumerate() {
        for (j, b) in docs.iter().enumerate().skip(i + 1) {
            if !a.iter().any(|x| b.iter().any(|y| compatible(x, y))) {
                if pairs.len() == MAX_PAIRS {
                    return None;
                }
                pairs.push((i, j));
                for k in [i, j] {
                    if let Some(n) = odds.get_mut(k) {
                        *n += 1;
                    }
                }
            }
        }
    }
    Some(
        pairs
            .into_iter()
            .filter_map(|(i, j)| {
                let (i, j) = if odds.get(j) > odds.get(i) { (j, i) } else { (i, j) };
                Some(((*docs.get(i)?).clone(), (*docs.get(j)?).clone()))
            })
            .collect(),
    )
}

/// Whether some of a recap's figures on one subject and edition exclude others: it
/// counts more than one thing under that name, and which one matches is unclear.
fn self_inconsistent(claims: &[&Claim]) -> bool {
    claims.iter().enumerate().any(|(i, a)| claims.iter().skip(i + 1).any(|b| !compatible(a, b)))
}

/// The verdict on two sides whose figures cannot all hold: a contradiction only when
/// the edition is known, both count the same thing in the same scope, and no rounding
/// explains the gap; otherwise a discrepancy that says what to check.
fn verdict(first: &[&Claim], second: &[&Claim], cx: &Context<'_>, names: &Names<'_>) -> Finding {
    let Context { subject, dated, known, label, where_, event } = *cx;
    let says = format!("{}; {}", camp_says(first, names), camp_says(second, names));
    let rounding = first.iter().any(|x| second.iter().any(|y| loose(x).1 >= loose(y).0 && loose(y).1 >= loose(x).0));
    let exact = first.iter().chain(second).all(|c| c.qualifier == Qualifier::Exact);
    let (first_scope, second_scope) = (scope(first), scope(second));
    let mut involved = first.to_vec();
    involved.extend(second.iter().copied());
    let several = [first, second].into_iter().find(|side| docs_of(side) == 1 && self_inconsistent(side));
    let (kind, text) = if !dated {
        (
            FindingKind::Discrepancy,
            format!(
                "{says}. These figures for {label} differ, but the edition of these recaps is unknown; set it to compare them."
            ),
        )
    } else if !known && !exact {
        (
            FindingKind::Discrepancy,
            format!(
                "{says}. These figures for \u{201c}{label}\u{201d} at {where_} differ; the subject is not in the lexicon and not every figure is exact, so check that both count the same thing."
            ),
        )
    } else if let Some(scoped) = first_scope.or(second_scope).filter(|_| first_scope != second_scope) {
        let note = names.scopes.and_then(|s| s.note(scoped)).unwrap_or(scoped);
        (FindingKind::Discrepancy, format!("{says}. One side counts {note}; check what each counts."))
    } else if let Some(side) = several {
        let doc = side.first().map_or("", |c| names.doc(&c.doc));
        (
            FindingKind::Discrepancy,
            format!(
                "{says}. {doc} gives figures for {label} at {where_} that cannot all count the same thing; check which one the other counts."
            ),
        )
    } else if rounding {
        (
            FindingKind::Discrepancy,
            format!(
                "{says}. For {label} at {where_} these differ by no more than rounding would explain; check the sources."
            ),
        )
    } else {
        (FindingKind::Contradiction, format!("{says}. Both cannot be true for {label} at {where_}."))
    };
    finding(kind, subject, event, &involved, text)
}

/// Camp against camp, for groups with too many recaps at odds to list pair by pair:
/// each camp against the next, leaving out the claims of the lower camp the upper one
/// does not exclude.
fn camp_contradictions(all: &[Camp<'_>], cx: &Context<'_>, names: &Names<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for pair in all.windows(2) {
        let [a, b] = pair else { continue };
        let b_min = b.claims.iter().map(|c| lo(c)).fold(f64::INFINITY, f64::min);
        let below: Vec<&Claim> = a.claims.iter().copied().filter(|c| hi(c) < b_min).collect();
        let docs: BTreeSet<&str> = below.iter().chain(b.claims.iter()).map(|c| &*c.doc).collect();
        if below.is_empty() || docs.len() < 2 {
            continue;
        }
        // The lone voice first.
        let (first, second) = if docs_of(&below) > docs_of(&b.claims) {
            (b.claims.as_slice(), below.as_slice())
        } else {
            (below.as_slice(), b.claims.as_slice())
        };
        out.push(verdict(first, second, cx, names));
    }
    out
}

/// The scope every claim of a side is limited to, if they share one.
fn scope<'c>(claims: &[&'c Claim]) -> Option<&'c str> {
    let first = claims.first()?.scope.as_deref()?;
    claims.iter().all(|c| c.scope.as_deref() == Some(first)).then_some(first)
}

fn docs_of(claims: &[&Claim]) -> usize {
    doc_ids(claims).len()
}

/// The recaps `claims` come from, sorted, each once.
fn doc_ids<'c>(claims: &[&'c Claim]) -> Vec<&'c str> {
    let mut docs: Vec<&str> = claims.iter().map(|c| &*c.doc).collect();
    docs.sort_unstable();
    docs.dedup();
    docs
}

fn camp_join(claims: &[&Claim], names: &Names<'_>) -> String {
    let mut by_doc: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
    for c in claims {
        by_doc.entry(names.doc(&c.doc)).or_default().push(c);
    }
    let parts: Vec<String> = by_doc
        .iter()
        .take(if by_doc.len() > MAX_NAMED + 1 { MAX_NAMED } else { by_doc.len() })
        .map(|(doc, cs)| {
            let figs: Vec<String> = cs.iter().map(|c| format!("\u{201c}{}\u{201d}", figure_text(c, names))).collect();
            let mut figs_unique = figs.clone();
            figs_unique.dedup();
            format!("{doc} ({})", figs_unique.join(", "))
        })
        .collect();
    if by_doc.len() > parts.len() {
        return format!("{} and {} other recaps", parts.join(", "), by_doc.len() - parts.len());
    }
    join_names(&parts)
}

/// One finding per series and subject stated for two or more editions: a trend, never
/// a contradiction.
fn edition_comparisons(groups: &BTreeMap<GroupKey<'_>, Vec<&Claim>>, names: &Names<'_>) -> Vec<Finding> {
    let mut by_series: SeriesGroups<'_, '_> = BTreeMap::new();
    for (&(subject, unit, key, part), members) in groups {
        if let Some((series, Some(_))) = key
            && part.is_none()
            && members.iter().all(|c| c.known_subject)
        {
            by_series.entry((subject, unit, series)).or_default().push(members);
        }
    }
    let mut out = Vec::new();
    for ((subject, _, _), editions) in by_series {
        if editions.len() < 2 {
            continue;
        }
        let label = (names.subject_label)(subject);
        let mut parts = Vec::new();
        let mut involved: Vec<&Claim> = Vec::new();
        for members in &editions {
            let event = members.first().and_then(|c| c.event.as_deref());
            let all = camps((*members).clone());
            let Some(main) = all.iter().max_by_key(|c| (c.docs(), c.claims.len())) else { continue };
            let n = main.docs();
            let Some(first) = main.claims.first() else { continue };
            parts.push(format!(
                "{} \u{201c}{}\u{201d} ({} recap{})",
                edition_text(event),
                figure_text(first, names),
                n,
                if n == 1 { "" } else { "s" }
            ));
            involved.extend(members.iter().copied());
        }
        let text = format!(
            "{} by edition: {}. A change between editions, not a contradiction.",
            capitalize(&label),
            parts.join("; ")
        );
        let mut f = finding(FindingKind::EditionComparison, subject, None, &involved, text);
        f.event = None;
        out.push(f);
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Stance findings: a recap that says a theme was absent against same-edition recaps
/// that make it a headline theme. With a `memo`, groups unchanged since the last call
/// keep their findings.
pub fn stance_findings(stances: &[Stance], names: &Names<'_>, memo: Option<&mut FindingsMemo>) -> Vec<Arc<Finding>> {
    type StanceKey<'s> = (&'s str, Option<(&'s str, Option<i32>)>);
    let mut groups: BTreeMap<StanceKey<'_>, Vec<&Stance>> = BTreeMap::new();
    for s in stances {
        let Some(event) = &s.event else { continue };
        groups.entry((&*s.theme, Some((event.series.as_str(), event.year)))).or_default().push(s);
    }
    let mut out = Vec::new();
    let mut kept = FxHashMap::default();
    let remembered = memo.as_deref();
    for (key, mut members) in groups {
        // Recaps in id order, each recap's stances in the order found: the finding (and
        // its id) do not depend on the order the recaps were loaded in.
        members.sort_by(|a, b| a.doc.cmp(&b.doc));
        let theme = key.0;
        let Some(remembered) = remembered else {
            out.extend(stance_group(theme, &members, names).map(Arc::new));
            continue;
        };
        let mut h = rustc_hash::FxHasher::default();
        key.hash(&mut h);
        let at = h.finish();
        let digest = stance_digest(&(names.theme_label)(theme), &members, names);
        let findings: Vec<Arc<Finding>> = match remembered.groups.get(&at) {
            Some((d, findings)) if *d == digest => findings.clone(),
            _ => stance_group(theme, &members, names).map(Arc::new).into_iter().collect(),
        };
        out.extend(findings.iter().cloned());
        kept.insert(at, (digest, findings));
    }
    if let Some(memo) = memo {
        memo.groups = kept;
    }
    out
}

/// A digest of everything [`stance_group`] reads (see [`group_digest`]).
fn stance_digest(label: &str, members: &[&Stance], names: &Names<'_>) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    label.hash(&mut h);
    for s in members {
        let Stance { doc, theme, polarity, span, event } = s;
        (doc, theme, polarity, span, event).hash(&mut h);
        match names.documents.get(&**doc) {
            Some(d) => (d.display_name(), &d.hash, d.text.len()).hash(&mut h),
            None => 0_u8.hash(&mut h),
        }
    }
    h.finish()
}

/// The finding of one theme at one edition, if a recap says it was absent and another
/// makes it a headline.
fn stance_group(theme: &str, members: &[&Stance], names: &Names<'_>) -> Option<Finding> {
    let absent: Vec<&Stance> = members.iter().copied().filter(|s| s.polarity == Polarity::Absent).collect();
    if absent.is_empty() {
        return None;
    }
    let absent_docs: BTreeSet<&str> = absent.iter().map(|s| &*s.doc).collect();
    let mut seen = FxHashSet::default();
    // One quote per recap: the first.
    let headline: Vec<&Stance> = members
        .iter()
        .copied()
        .filter(|s| s.polarity == Polarity::Headline && !absent_docs.contains(&*s.doc))
        .filter(|s| seen.insert(&*s.doc))
        .collect();
    if headline.is_empty() {
        return None;
    }
    let label = (names.theme_label)(theme);
    let event = absent.first().and_then(|s| s.event.as_deref());
    let absent_names: Vec<&str> =
        absent.iter().map(|s| names.doc(&s.doc)).collect::<BTreeSet<_>>().into_iter().collect();
    let headline_names: Vec<&str> = headline.iter().map(|s| names.doc(&s.doc)).collect();
    let sentence = |s: &Stance| s.span.slice(names.text(&s.doc));
    // Each wording once, the first few: fifty recaps may share one sentence.
    let quotes = |side: &[&Stance]| {
        let mut distinct: Vec<String> = Vec::new();
        for s in side {
            let q = format!("\u{201c}{}\u{201d}", short(sentence(s), 90));
            if !distinct.contains(&q) {
                distinct.push(q);
            }
        }
        let more = distinct.len().saturating_sub(MAX_NAMED);
        distinct.truncate(MAX_NAMED);
        let mut text = distinct.join("; ");
        if more > 0 {
            text.push_str(&format!("; {more} more"));
        }
        text
    };
    let text = format!(
        "{} {} {label} was absent or marginal at {} ({}); {} {} it a headline theme ({}).",
        join_names(&absent_names),
        if absent_names.len() == 1 { "says" } else { "say" },
        edition_text(event),
        quotes(&absent),
        join_names(&headline_names),
        if headline_names.len() == 1 { "makes" } else { "make" },
        quotes(&headline),
    );
    let all: Vec<&Stance> = absent.iter().chain(headline.iter()).copied().collect();
    let mut parts = vec!["contradiction".to_owned(), "stance".to_owned(), theme.to_owned(), edition_text(event)];
    parts.extend(all.iter().map(|s| format!("{}:{}", s.doc, sentence(s))));
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let docs: BTreeSet<&Arc<str>> = all.iter().map(|s| &s.doc).collect();
    Some(Finding {
        id: stable_id("f", &refs),
        kind: FindingKind::Contradiction,
        basis: Basis::Stance,
        subject: None,
        theme: Some(theme.to_owned()),
        event: event.cloned(),
        docs: docs.into_iter().cloned().collect(),
        claims: Vec::new(),
        quotes: all.iter().map(|s| Quote { doc: Arc::clone(&s.doc), span: s.span, text: sentence(s).into() }).collect(),
        explanation: text,
    })
}

/// At most `max` characters, cut at a word.
pub fn short(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max).collect();
    if let Some(cut) = out.rfind(' ') {
        out.truncate(cut);
    }
    out.push('\u{2026}');
    out
}

#[cfg(test)]
mod tests;
