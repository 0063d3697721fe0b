//! Appeals of a denied line, decided by the payer profile's rules and by what the appeal
//! argues. An appeal names the denial it answers (CARC, optional RARC), its ground and the
//! documents that show it. Some denials carry no appeal rights at all (timely filing at
//! Medicare, unprocessable claims, duplicates, eligibility); a denial that a corrected claim
//! fixes is not overturned by an appeal; otherwise the appeal is overturned only when its
//! ground answers the denial and the documents sent include those that support it (the case's
//! scenario says which). Each payer has one or two levels, each with its deadline.

use super::payer::{PayerKind, PayerProfile};
use super::{Adjustment, RemitLine};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Outcome {
    Overturned,
    Upheld,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Overturned => "OVERTURNED",
            Outcome::Upheld => "UPHELD",
        }
    }
}

/// What an appeal argues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Ground {
    /// The records meet the coverage policy's indications (CARC 50, 11).
    MedicalNecessityMet,
    /// The documentation supports the modifier billed (CARC 4, 97, 236).
    ModifierSupported,
    /// The documentation supports the units billed (CARC 151).
    UnitsSupported,
    /// The patient's history justifies a service more often than the policy's limit (CARC 119).
    FrequencyException,
    /// The authorization was obtained before the service (CARC 197, 15).
    PriorAuthorizationObtained,
    /// Proof the claim was first filed in time (CARC 29).
    TimelyFilingProof,
    /// The patient was covered on the date of service (CARC 27, 26).
    CoverageInEffect,
    /// The claim is not a duplicate of one already processed (CARC 18).
    NotADuplicate,
}

impl Ground {
    pub const ALL: [Ground; 8] = [
        Ground::MedicalNecessityMet,
        Ground::ModifierSupported,
        Ground::UnitsSupported,
        Ground::FrequencyException,
        Ground::PriorAuthorizationObtained,
        Ground::TimelyFilingProof,
        Ground::CoverageInEffect,
        Ground::NotADuplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Ground::MedicalNecessityMet => "MEDICAL_NECESSITY_MET",
            Ground::ModifierSupported => "MODIFIER_SUPPORTED",
            Ground::UnitsSupported => "UNITS_SUPPORTED",
            Ground::FrequencyException => "FREQUENCY_EXCEPTION",
            Ground::PriorAuthorizationObtained => "PRIOR_AUTHORIZATION_OBTAINED",
            Ground::TimelyFilingProof => "TIMELY_FILING_PROOF",
            Ground::CoverageInEffect => "COVERAGE_IN_EFFECT",
            Ground::NotADuplicate => "NOT_A_DUPLICATE",
        }
    }

    pub fn parse(s: &str) -> Option<Ground> {
        Ground::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// The CARCs this ground answers.
    pub fn answers(self) -> &'static [&'static str] {
        match self {
            Ground::MedicalNecessityMet => &["50", "11"],
            Ground::ModifierSupported => &["4", "97", "236"],
            Ground::UnitsSupported => &["151"],
            Ground::FrequencyException => &["119"],
            Ground::PriorAuthorizationObtained => &["197", "15"],
            Ground::TimelyFilingProof => &["29"],
            Ground::CoverageInEffect => &["27", "26"],
            Ground::NotADuplicate => &["18"],
        }
    }

    /// The ground that answers a CARC, if an appeal can answer it at all.
    pub fn for_carc(carc: &str) -> Option<Ground> {
        Ground::ALL
            .into_iter()
            .find(|g| g.answers().contains(&carc))
    }
}

/// One appeal level of a payer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    /// 1 or 2.
    pub number: u32,
    pub name: String,
    /// Days after the decision appealed (the remittance, or the level before) within which the
    /// appeal must be filed.
    pub deadline_days: u32,
}

/// The payer's appeal level `number` (1-based), if it has one.
pub fn level(payer: &PayerProfile, number: u32) -> Option<Level> {
    match number {
        1 => Some(Level {
            number,
            name: payer.appeals.level_name.clone(),
            deadline_days: payer.appeals.deadline_days,
        }),
        2 => payer.appeals.second_level.as_ref().map(|l| Level {
            number,
            name: l.level_name.clone(),
            deadline_days: l.deadline_days,
        }),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub outcome: Outcome,
    /// The appeal level's name ("Redetermination" at Medicare).
    pub level: String,
    /// 1 or 2.
    pub level_number: u32,
    /// The next level's name when the appeal was upheld and the payer has one.
    pub next_level: Option<String>,
    /// The last day the appeal could be filed.
    pub deadline: NaiveDate,
    pub message: String,
}

/// What supports an appeal of the case's denial (from its scenario): the ground that answers
/// it and the documents that must be sent.
#[derive(Debug, Clone, Copy)]
pub struct Support<'a> {
    pub ground: Ground,
    pub documents: &'a [String],
}

/// What the appeal brings.
pub struct Appeal<'a> {
    /// The CARC of the denial it answers (checked against the line by the caller).
    pub carc: &'a str,
    pub ground: Ground,
    /// The case documents the appeal rests on (titles); empty when none was sent.
    pub documentation: &'a [String],
    /// What really supports an appeal of this denial, if anything does.
    pub support: Option<Support<'a>>,
    pub level: &'a Level,
    /// The date of the decision appealed (the remittance, or the upheld level before).
    pub decided_on: NaiveDate,
    /// The simulated date the appeal is filed.
    pub filed_on: NaiveDate,
}

fn legal_basis(payer: &PayerProfile, level: &Level) -> String {
    match (payer.kind, level.number) {
        (PayerKind::Medicare, 1) => format!(
            "a redetermination by the MAC must be requested within {} days of the initial determination (42 CFR 405.942)",
            level.deadline_days
        ),
        (PayerKind::Medicare, _) => format!(
            "a reconsideration by a QIC must be requested within {} days of the redetermination (42 CFR 405.962)",
            level.deadline_days
        ),
        _ => format!(
            "{}'s {} must be filed within {} days of the decision it appeals",
            payer.name,
            level.name.to_lowercase(),
            level.deadline_days
        ),
    }
}

/// Decides an appeal of `line`, which must be denied.
pub fn decide(payer: &PayerProfile, line: &RemitLine, appeal: &Appeal<'_>) -> Decision {
    let deadline = appeal
        .decided_on
        .checked_add_days(Days::new(u64::from(appeal.level.deadline_days)))
        .unwrap_or(appeal.decided_on);
    let next = level(payer, appeal.level.number + 1).map(|l| l.name);
    let upheld = |message: String, next_level: Option<String>| Decision {
        outcome: Outcome::Upheld,
        level: appeal.level.name.clone(),
        level_number: appeal.level.number,
        next_level,
        deadline,
        message,
    };
    let final_word = |why: String| upheld(why, None);
    let Some(Adjustment { group, reason, .. }) = line.denial() else {
        return final_word("the line was not denied: there is nothing to appeal".into());
    };
    let carc = reason.as_str();
    if appeal.filed_on > deadline {
        return final_word(format!(
            "filed on {} after the deadline of {deadline}: {}. A late appeal is dismissed; write the balance off",
            appeal.filed_on,
            legal_basis(payer, appeal.level)
        ));
    }
    let no_rights = match carc {
        "29" if payer.kind == PayerKind::Medicare => Some(
            "a claim filed after the time limit is not an initial determination and carries no appeal rights (N211; 42 CFR 405.926(n)): write the charge off",
        ),
        "16" => Some(
            "an unprocessable claim has no appeal rights (MA130): correct it and submit a new claim",
        ),
        "18" => Some("a duplicate is not appealed: check the status of the original claim"),
        "31" | "26" | "27" | "22" => Some(
            "an eligibility or coordination-of-benefits denial is not appealed: bill the responsible payer or the patient",
        ),
        "4" | "97" | "236" | "151" | "107" | "181" | "182" | "146" | "9" | "10" | "5" => Some(
            "this denial is fixed by a corrected claim (frequency 7) when the documentation supports the change, not by an appeal",
        ),
        _ => None,
    };
    if let Some(why) = no_rights {
        return final_word(format!("{group}-{carc}: {why}"));
    }
    let overturnable = carc == "29" || payer.appeals.overturnable.iter().any(|c| c == carc);
    if !overturnable {
        return final_word(format!(
            "{} does not overturn {group}-{carc} on appeal",
            payer.name
        ));
    }
    if !appeal.ground.answers().contains(&carc) {
        let right = Ground::for_carc(carc).map_or(String::new(), |g| {
            format!(" (a {group}-{carc} denial is answered by {})", g.as_str())
        });
        return upheld(
            format!(
                "{group}-{carc}: the ground {} does not answer this denial{right}",
                appeal.ground.as_str()
            ),
            next.clone(),
        );
    }
    if appeal.documentation.is_empty() {
        return upheld(
            format!(
                "{group}-{carc}: an appeal needs the records that show {}; none were attached",
                appeal.ground.as_str()
            ),
            next.clone(),
        );
    }
    let supported = appeal.support.is_some_and(|s| {
        s.ground == appeal.ground && s.documents.iter().all(|d| appeal.documentation.contains(d))
    });
    if !supported {
        let why = match appeal.support {
            Some(s) if s.ground == appeal.ground => {
                "the records sent do not show it: send the documents that do"
            }
            _ => "the records do not show what the policy requires; the denial stands",
        };
        return upheld(
            format!("{group}-{carc} ({}): {why}", appeal.ground.as_str()),
            next.clone(),
        );
    }
    Decision {
        outcome: Outcome::Overturned,
        level: appeal.level.name.clone(),
        level_number: appeal.level.number,
        next_level: None,
        deadline,
        message: format!(
            "{group}-{carc} overturned at the {} ({}): the records ({}) support the service; line {} is reprocessed for payment",
            appeal.level.name.to_lowercase(),
            appeal.ground.as_str(),
            appeal.documentation.join(", "),
            line.line
        ),
    }
}
