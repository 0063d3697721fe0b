//! The payer's edits, in the order of DOMAIN.md. A claim-level edit denies every line not yet
//! denied; a line-level edit denies its line; the first denial of a line stands.

use super::ncci::PTP_BYPASS;
use super::payer::matches;
use super::{Context, Denial, TraceEntry};
use crate::domain::claims::{Claim, ClaimKind, Frequency, ServiceLine, age_on};
use crate::domain::codes::validate::{Patient, Status};
use crate::domain::codes::{Sex, System, normalize};
use chrono::{Months, NaiveDate};

pub(super) struct Run<'c> {
    claim: &'c Claim,
    ctx: &'c Context<'c>,
    dos: NaiveDate,
    denials: Vec<Option<Denial>>,
    trace: Vec<TraceEntry>,
    /// Lines an appeal overturned: no edit denies them again.
    overturned: Vec<bool>,
}

const DISTINCT: &[&str] = &[
    "59", "XE", "XS", "XP", "XU", "24", "25", "57", "58", "78", "79", "91",
];
const EM_WITH_PROCEDURE: &[&str] = &["25", "57"];

impl<'c> Run<'c> {
    pub fn new(claim: &'c Claim, ctx: &'c Context<'c>, overturned: &[u32]) -> Self {
        Run {
            overturned: (1..=claim.lines.len() as u32)
                .map(|n| overturned.contains(&n))
                .collect(),
            claim,
            ctx,
            dos: claim.first_date().unwrap_or(ctx.received_on),
            denials: vec![None; claim.lines.len()],
            trace: Vec::new(),
        }
    }

    pub fn finish(self) -> (Vec<Option<Denial>>, Vec<TraceEntry>) {
        (self.denials, self.trace)
    }

    pub fn all(&mut self) {
        self.unprocessable();
        self.eligibility();
        self.timely_filing();
        self.duplicate();
        self.code_validity();
        self.specificity();
        self.age_and_sex();
        self.place_of_service();
        self.coordination_of_benefits();
        self.prior_authorization();
        self.ncci_pairs();
        self.mue();
        self.coverage_policy();
        self.em_with_procedure();
        self.frequency();
        self.add_on();
    }

    fn note(
        &mut self,
        edit: &str,
        line: Option<usize>,
        outcome: &str,
        message: String,
        d: Option<&Denial>,
    ) {
        self.trace.push(TraceEntry {
            edit: edit.to_owned(),
            line: line.map(|i| i as u32 + 1),
            outcome: outcome.to_owned(),
            message,
            group: d.map(|d| d.group.clone()),
            reason: d.map(|d| d.reason.clone()),
            remarks: d.map(|d| d.remarks.clone()).unwrap_or_default(),
        });
    }

    fn pass(&mut self, edit: &str, message: String) {
        self.note(edit, None, "PASSED", message, None);
    }

    fn deny_line(
        &mut self,
        edit: &str,
        i: usize,
        group: &str,
        reason: &str,
        remarks: &[&str],
        why: String,
    ) {
        if self.denials[i].is_some() || self.overturned[i] {
            return;
        }
        let d = Denial {
            group: group.to_owned(),
            reason: reason.to_owned(),
            remarks: remarks.iter().map(|r| (*r).to_owned()).collect(),
        };
        self.note(edit, Some(i), "FIRED", why, Some(&d));
        self.denials[i] = Some(d);
    }

    fn deny_claim(&mut self, edit: &str, group: &str, reason: &str, remarks: &[&str], why: String) {
        let d = Denial {
            group: group.to_owned(),
            reason: reason.to_owned(),
            remarks: remarks.iter().map(|r| (*r).to_owned()).collect(),
        };
        self.note(edit, None, "FIRED", why, Some(&d));
        for (slot, _) in self
            .denials
            .iter_mut()
            .zip(&self.overturned)
            .filter(|(s, o)| s.is_none() && !**o)
        {
            *slot = Some(d.clone());
        }
    }

    fn open_lines(&self) -> Vec<usize> {
        (0..self.claim.lines.len())
            .filter(|&i| self.denials[i].is_none())
            .collect()
    }

    fn line(&self, i: usize) -> &'c ServiceLine {
        &self.claim.lines[i]
    }

    /// The pointed diagnoses of a line, normalized (no dot).
    fn pointed(&self, i: usize) -> Vec<String> {
        self.line(i)
            .pointers
            .iter()
            .filter_map(|p| self.claim.pointed(p))
            .filter_map(|d| normalize(System::Icd10Cm, &d.code).ok())
            .collect()
    }

    fn unprocessable(&mut self) {
        let p = self.ctx.payer;
        if self.claim.frequency == Frequency::Replacement
            && self.ctx.replaces_denied_claim
            && !p.accepts_replacement_after_denial
        {
            self.deny_claim(
                "UNPROCESSABLE",
                "CO",
                "16",
                &["MA130"],
                format!(
                    "{} does not accept a replacement (frequency 7) for a claim it denied outright: submit a new original claim",
                    p.name
                ),
            );
        } else {
            self.pass(
                "UNPROCESSABLE",
                "the claim carries what the payer needs to process it".into(),
            );
        }
    }

    fn eligibility(&mut self) {
        let slug = &self.ctx.payer.slug;
        let id = self.claim.insured.member_id.trim();
        let cov = self
            .ctx
            .coverages
            .iter()
            .find(|c| &c.payer == slug && c.member_id.eq_ignore_ascii_case(id));
        let dos = self.dos;
        match cov {
            None => self.deny_claim(
                "ELIGIBILITY",
                "CO",
                "31",
                &["MA61"],
                format!("no member {id} on file with {}", self.ctx.payer.name),
            ),
            Some(c) if dos < c.effective => self.deny_claim(
                "ELIGIBILITY",
                "CO",
                "26",
                &["N30"],
                format!("coverage starts {}; the service was on {dos}", c.effective),
            ),
            Some(c) if c.termination.is_some_and(|t| dos > t) => {
                let group = self.ctx.payer.terminated_group.clone();
                self.deny_claim(
                    "ELIGIBILITY",
                    &group,
                    "27",
                    &["N30"],
                    format!(
                        "coverage ended {}; the service was on {dos}",
                        c.termination.map(|t| t.to_string()).unwrap_or_default()
                    ),
                )
            }
            Some(c) => self.pass(
                "ELIGIBILITY",
                format!(
                    "member {id} covered from {} on the date of service",
                    c.effective
                ),
            ),
        }
    }

    fn timely_filing(&mut self) {
        let limit = self.ctx.payer.timely_filing_days as i64;
        let days = (self.ctx.received_on - self.dos).num_days();
        if days > limit {
            self.deny_claim(
                "TIMELY_FILING",
                "CO",
                "29",
                &["N211"],
                format!(
                    "received {days} days after the date of service; the limit is {limit} days"
                ),
            );
        } else {
            self.pass(
                "TIMELY_FILING",
                format!("received {days} days after the date of service (limit {limit})"),
            );
        }
    }

    fn duplicate(&mut self) {
        for i in self.open_lines() {
            let l = self.line(i);
            let mut mods = l.modifiers.clone();
            mods.sort();
            let dup = self.ctx.history.iter().find(|h| {
                let mut hm = h.modifiers.clone();
                hm.sort();
                h.paid
                    && h.payer == self.ctx.payer.slug
                    && h.code == l.code
                    && hm == mods
                    && h.units == l.units
                    && h.date_of_service == l.date_of_service
            });
            if dup.is_some() {
                self.deny_line(
                    "DUPLICATE",
                    i,
                    "OA",
                    "18",
                    &["N111"],
                    format!(
                        "{} on {} was already processed and paid",
                        l.code, l.date_of_service
                    ),
                );
            }
        }
    }

    fn code_validity(&mut self) {
        let codes = self.ctx.codes;
        for i in self.open_lines() {
            let l = self.line(i);
            let system = if l.system == "HCPCS" {
                System::Hcpcs
            } else {
                System::Cpt
            };
            if !l.code.is_empty()
                && codes
                    .lookup(system, &l.code, Some(l.date_of_service))
                    .is_none()
            {
                self.deny_line(
                    "CODE_VALIDITY",
                    i,
                    "CO",
                    "181",
                    &["M51"],
                    format!("{} is not valid on {}", l.code, l.date_of_service),
                );
                continue;
            }
            if let Some(m) = l
                .modifiers
                .iter()
                .find(|m| codes.lookup(System::Modifier, m, None).is_none())
            {
                self.deny_line(
                    "CODE_VALIDITY",
                    i,
                    "CO",
                    "182",
                    &[],
                    format!("modifier {m} is not valid"),
                );
                continue;
            }
            let bad = self.pointed(i).into_iter().find(|d| {
                codes
                    .lookup(System::Icd10Cm, d, Some(l.date_of_service))
                    .is_none()
            });
            if let Some(d) = bad {
                self.deny_line(
                    "CODE_VALIDITY",
                    i,
                    "CO",
                    "146",
                    &["M76"],
                    format!("diagnosis {d} is not valid on {}", l.date_of_service),
                );
            }
        }
    }

    fn specificity(&mut self) {
        for i in self.open_lines() {
            let date = self.line(i).date_of_service;
            let header = self.pointed(i).into_iter().find(|d| {
                self.ctx
                    .codes
                    .lookup(System::Icd10Cm, d, Some(date))
                    .is_some_and(|r| !r.billable)
            });
            if let Some(d) = header {
                self.deny_line(
                    "SPECIFICITY",
                    i,
                    "CO",
                    "16",
                    &["MA130", "M81"],
                    format!("diagnosis {d} is a header, not coded to the highest specificity"),
                );
            }
        }
    }

    fn age_and_sex(&mut self) {
        let Some(birth) = self.claim.patient.date_of_birth else {
            return;
        };
        let sex = match self.claim.patient.sex.as_str() {
            "F" => Some(Sex::Female),
            "M" => Some(Sex::Male),
            _ => None,
        };
        for i in self.open_lines() {
            let date = self.line(i).date_of_service;
            let patient = Patient {
                age: Some(age_on(birth, date)),
                sex: if self.ctx.payer.sex_edits { sex } else { None },
            };
            let dx: Vec<(System, String)> = self
                .pointed(i)
                .into_iter()
                .map(|d| (System::Icd10Cm, d))
                .collect();
            let v = self.ctx.codes.validate(&dx, date, patient);
            if let Some(bad) = v.verdicts.iter().find(|v| v.status == Status::AgeConflict) {
                self.deny_line("AGE", i, "CO", "9", &[], bad.message.clone());
            } else if let Some(bad) = v.verdicts.iter().find(|v| v.status == Status::SexConflict) {
                self.deny_line("SEX", i, "CO", "10", &[], bad.message.clone());
            }
        }
    }

    fn place_of_service(&mut self) {
        for i in self.open_lines() {
            let l = self.line(i);
            let office_em = in_range(&l.code, 99202, 99215);
            let ed_em = in_range(&l.code, 99281, 99285);
            let bad = (office_em && ["21", "23"].contains(&l.place_of_service.as_str()))
                || (ed_em && l.place_of_service != "23");
            if bad {
                self.deny_line(
                    "PLACE_OF_SERVICE",
                    i,
                    "CO",
                    "5",
                    &["M77"],
                    format!(
                        "{} is not billed at place of service {}",
                        l.code, l.place_of_service
                    ),
                );
            }
        }
    }

    fn coordination_of_benefits(&mut self) {
        let dos = self.dos;
        let slug = &self.ctx.payer.slug;
        let billed = self
            .ctx
            .coverages
            .iter()
            .find(|c| &c.payer == slug && c.active_on(dos));
        let primary = self
            .ctx
            .coverages
            .iter()
            .find(|c| c.priority == "PRIMARY" && c.active_on(dos) && &c.payer != slug);
        let primary_paid = self
            .claim
            .primary
            .as_ref()
            .filter(|pp| primary.is_some_and(|p| p.payer == pp.payer));
        if let Some(pp) = primary_paid {
            let msg = format!(
                "processed as secondary: {} (claim {}) paid {}",
                pp.payer,
                pp.claim_number,
                crate::domain::claims::dollars(pp.paid_cents)
            );
            self.pass("COORDINATION_OF_BENEFITS", msg);
            return;
        }
        match (billed, primary) {
            (Some(b), Some(p)) if b.priority != "PRIMARY" => {
                let why = format!(
                    "{} is primary on the date of service; bill it first and send its payment details",
                    p.payer
                );
                self.deny_claim("COORDINATION_OF_BENEFITS", "CO", "22", &["MA04"], why)
            }
            _ => self.pass(
                "COORDINATION_OF_BENEFITS",
                "no other payer is primary".into(),
            ),
        }
    }

    fn prior_authorization(&mut self) {
        let claim_auth = self
            .claim
            .prior_authorization
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        for i in self.open_lines() {
            let code = self.line(i).code.clone();
            if !self
                .ctx
                .payer
                .prior_authorization
                .iter()
                .any(|c| c == &code)
            {
                continue;
            }
            match claim_auth {
                None => self.deny_line(
                    "PRIOR_AUTHORIZATION",
                    i,
                    "CO",
                    "197",
                    &["M62"],
                    format!("{code} needs prior authorization and the claim carries none (box 23)"),
                ),
                Some(a)
                    if !self
                        .ctx
                        .authorizations
                        .iter()
                        .any(|x| x.eq_ignore_ascii_case(a)) =>
                {
                    self.deny_line(
                        "PRIOR_AUTHORIZATION",
                        i,
                        "CO",
                        "15",
                        &["N54"],
                        format!("authorization {a} is not on file for {code}"),
                    )
                }
                Some(a) => self.note(
                    "PRIOR_AUTHORIZATION",
                    Some(i),
                    "PASSED",
                    format!("authorization {a} on file"),
                    None,
                ),
            }
        }
    }

    pub(super) fn ncci_pairs(&mut self) {
        let reason = self.ctx.payer.ptp_denial_reason.clone();
        let remark = if reason == "97" { "M80" } else { "N20" };
        let n = self.claim.lines.len();
        for j in 0..n {
            for i in 0..n {
                if i == j || self.denials[j].is_some() {
                    continue;
                }
                let (c1, c2) = (self.line(i), self.line(j));
                if c1.date_of_service != c2.date_of_service {
                    continue;
                }
                let Some(edit) = self.ctx.ncci.pair(&c1.code, &c2.code, c2.date_of_service) else {
                    continue;
                };
                let bypass = edit.indicator == 1 && bypassed(c1, c2);
                if edit.indicator == 9 || bypass {
                    continue;
                }
                let why = format!(
                    "NCCI pair {}/{} (modifier indicator {}): {}{}",
                    c1.code,
                    c2.code,
                    edit.indicator,
                    edit.rationale,
                    if edit.indicator == 1 {
                        "; a distinct-service modifier applies only when documented"
                    } else {
                        "; no modifier allows it"
                    }
                );
                self.deny_line("NCCI_PTP", j, "CO", &reason, &[remark], why);
            }
        }
    }

    pub(super) fn mue(&mut self) {
        if !self.ctx.payer.mue_enforced {
            return;
        }
        for i in self.open_lines() {
            let l = self.line(i);
            let Some(e) = self.ctx.ncci.mue(&l.code, l.date_of_service) else {
                continue;
            };
            // Anesthesia units are minutes; its MUE counts services (one per line).
            let count = |o: &ServiceLine| if is_anesthesia(&o.code) { 1 } else { o.units };
            let units = if e.mai == 1 {
                count(l)
            } else {
                self.claim
                    .lines
                    .iter()
                    .filter(|o| o.code == l.code && o.date_of_service == l.date_of_service)
                    .map(count)
                    .sum()
            };
            if units > e.mue {
                let scope = if e.mai == 1 {
                    "on one line"
                } else {
                    "in one day"
                };
                let why = format!(
                    "{units} units of {} {scope}; the MUE is {} (MAI {}): {}",
                    l.code, e.mue, e.mai, e.rationale
                );
                self.deny_line("MUE", i, "CO", "151", &["N362"], why);
            }
        }
    }

    fn coverage_policy(&mut self) {
        for i in self.open_lines() {
            let code = self.line(i).code.clone();
            let ga = self.line(i).modifiers.iter().any(|m| m == "GA");
            let pointed = self.pointed(i);
            let failed = self.ctx.payer.coverage_policies.iter().find(|p| {
                p.procedures.iter().any(|c| c == &code)
                    && !pointed.iter().any(|d| {
                        p.supporting_diagnoses
                            .iter()
                            .any(|s| matches(&s.replace('.', ""), d))
                    })
            });
            if let Some(p) = failed {
                let group = if ga { "PR" } else { "CO" };
                let why = format!(
                    "{}: the diagnoses {code} points to do not support it{}",
                    p.title,
                    if ga {
                        " (GA: a signed ABN makes the patient liable)"
                    } else {
                        ""
                    }
                );
                let (reason, remark) = (p.reason.clone(), p.remark.clone());
                self.deny_line(
                    "COVERAGE_POLICY",
                    i,
                    group,
                    &reason,
                    &[remark.as_str()],
                    why,
                );
            }
        }
    }

    fn em_with_procedure(&mut self) {
        let codes = self.ctx.codes;
        let global = |l: &ServiceLine| {
            codes
                .lookup(System::Cpt, &l.code, Some(l.date_of_service))
                .and_then(|r| {
                    r.flags
                        .iter()
                        .find_map(|f| f.strip_prefix("global:").map(str::to_owned))
                })
                .filter(|g| ["000", "010", "090"].contains(&g.as_str()))
        };
        for i in self.open_lines() {
            let l = self.line(i);
            let em = in_range(&l.code, 99202, 99215) || in_range(&l.code, 99281, 99285);
            if !em
                || l.modifiers
                    .iter()
                    .any(|m| EM_WITH_PROCEDURE.contains(&m.as_str()))
            {
                continue;
            }
            let surgery = self
                .claim
                .lines
                .iter()
                .filter(|o| o.date_of_service == l.date_of_service)
                .find_map(|o| global(o).map(|g| (o, g)));
            if let Some((s, g)) = surgery {
                let which = if g == "090" {
                    "modifier 57 when the visit decided on the surgery"
                } else {
                    "modifier 25 for a significant, separately identifiable visit"
                };
                let why = format!(
                    "{} billed on the day of {} (global {g}) without {which}: otherwise the visit is part of the procedure's payment",
                    l.code, s.code
                );
                self.deny_line("EM_WITH_PROCEDURE", i, "CO", "97", &["M144"], why);
            }
        }
        self.em_in_global_period();
    }

    /// An E/M after a paid procedure, inside its 10- or 90-day global period, is post-operative
    /// care unless modifier 24 says it is unrelated (or 25/57 on the day of a new decision).
    fn em_in_global_period(&mut self) {
        let codes = self.ctx.codes;
        for i in self.open_lines() {
            let l = self.line(i);
            let em = in_range(&l.code, 99202, 99215);
            if !em
                || l.modifiers
                    .iter()
                    .any(|m| ["24", "25", "57"].contains(&m.as_str()))
            {
                continue;
            }
            let within = self
                .ctx
                .history
                .iter()
                .filter(|h| h.paid && h.payer == self.ctx.payer.slug)
                .find_map(|h| {
                    let days = codes
                        .lookup(System::Cpt, &h.code, Some(h.date_of_service))?
                        .flags
                        .iter()
                        .find_map(|f| match f.as_str() {
                            "global:010" => Some(10),
                            "global:090" => Some(90),
                            _ => None,
                        })?;
                    let ends = h.date_of_service + chrono::Days::new(days);
                    (h.date_of_service < l.date_of_service && l.date_of_service <= ends)
                        .then_some((h, days, ends))
                });
            if let Some((h, days, ends)) = within {
                let why = format!(
                    "{} on {} falls in the {days}-day global period of {} ({} to {ends}) without modifier 24 for an unrelated visit",
                    l.code, l.date_of_service, h.code, h.date_of_service
                );
                self.deny_line("EM_IN_GLOBAL_PERIOD", i, "CO", "4", &["M144"], why);
            }
        }
    }

    fn frequency(&mut self) {
        for i in self.open_lines() {
            let l = self.line(i);
            let ga = l.modifiers.iter().any(|m| m == "GA");
            for lim in &self.ctx.payer.frequency_limits {
                if !lim.codes.iter().any(|c| c == &l.code) {
                    continue;
                }
                let since = l
                    .date_of_service
                    .checked_sub_months(Months::new(lim.period_months))
                    .unwrap_or(NaiveDate::MIN);
                let prior = self
                    .ctx
                    .history
                    .iter()
                    .filter(|h| {
                        h.paid && h.payer == self.ctx.payer.slug && lim.codes.contains(&h.code)
                    })
                    .filter(|h| h.date_of_service > since && h.date_of_service < l.date_of_service)
                    .count();
                if prior as u32 >= lim.max {
                    let group = if ga { "PR" } else { "CO" };
                    let why = format!(
                        "{}: {} allowed every {} months and {prior} already paid since {since}{}",
                        lim.title,
                        lim.max,
                        lim.period_months,
                        if ga {
                            " (GA: a signed ABN makes the patient liable)"
                        } else {
                            ""
                        }
                    );
                    let remark = lim.remark.clone();
                    self.deny_line("FREQUENCY", i, group, "119", &[remark.as_str()], why);
                    break;
                }
            }
        }
    }

    fn add_on(&mut self) {
        if self.claim.kind != ClaimKind::Professional {
            return;
        }
        let is_add_on = |l: &ServiceLine| {
            self.ctx
                .codes
                .lookup(System::Cpt, &l.code, Some(l.date_of_service))
                .is_some_and(|r| r.has_flag("add_on"))
        };
        for i in self.open_lines() {
            let l = self.line(i);
            if !is_add_on(l) {
                continue;
            }
            let primary = self
                .claim
                .lines
                .iter()
                .any(|o| o.date_of_service == l.date_of_service && !is_add_on(o));
            if !primary {
                let why = format!(
                    "{} is an add-on code and no primary procedure is billed that day",
                    l.code
                );
                self.deny_line("ADD_ON", i, "CO", "107", &["N122"], why);
            }
        }
    }
}

/// Anesthesia codes (00100–01999): reported in minutes.
pub fn is_anesthesia(code: &str) -> bool {
    in_range(code, 100, 1999)
}

fn in_range(code: &str, lo: u32, hi: u32) -> bool {
    code.len() == 5 && code.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n))
}

/// An indicator-1 pair passes when the column-2 line carries a distinct-service modifier, or an
/// anatomic modifier the column-1 line does not share.
fn bypassed(c1: &ServiceLine, c2: &ServiceLine) -> bool {
    c2.modifiers.iter().any(|m| {
        DISTINCT.contains(&m.as_str())
            || (PTP_BYPASS.contains(&m.as_str()) && !c1.modifiers.contains(m))
    })
}
