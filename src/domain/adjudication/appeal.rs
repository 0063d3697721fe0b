//! Appeals of a denied line, decided by the payer profile's rules: some denials carry no appeal
//! rights at all (timely filing, unprocessable claims, duplicates, eligibility), a denial that
//! a corrected claim fixes is not overturned by an appeal, and a medical-necessity or frequency
//! denial is overturned only when the records sent with the appeal support the service.

use super::payer::PayerProfile;
use super::{Adjustment, RemitLine};
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub outcome: Outcome,
    /// The appeal level ("Redetermination" at Medicare).
    pub level: String,
    pub message: String,
}

/// What the appeal brings.
pub struct Appeal<'a> {
    pub reason: &'a str,
    /// The case documents the appeal rests on (titles); empty when none was sent.
    pub documentation: &'a [String],
    /// Whether the case's records really support the service (from its scenario).
    pub records_support: bool,
}

/// Decides an appeal of `line`, which must be denied.
pub fn decide(payer: &PayerProfile, line: &RemitLine, appeal: &Appeal<'_>) -> Decision {
    let upheld = |message: String| Decision {
        outcome: Outcome::Upheld,
        level: payer.appeals.level_name.clone(),
        message,
    };
    let Some(Adjustment { group, reason, .. }) = line.denial() else {
        return upheld("the line was not denied: there is nothing to appeal".into());
    };
    let carc = reason.as_str();
    let no_rights = match carc {
        "29" => Some("timely filing denials carry no appeal rights (N211): write the charge off"),
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
        return upheld(format!("{group}-{carc}: {why}"));
    }
    if !payer.appeals.overturnable.iter().any(|c| c == carc) {
        return upheld(format!(
            "{} does not overturn {group}-{carc} on appeal",
            payer.name
        ));
    }
    if appeal.documentation.is_empty() {
        return upheld(format!(
            "{group}-{carc}: an appeal needs the records that support the service; none were attached"
        ));
    }
    if !appeal.records_support {
        return upheld(format!(
            "{group}-{carc}: the records sent do not show what the policy requires; the denial stands"
        ));
    }
    Decision {
        outcome: Outcome::Overturned,
        level: payer.appeals.level_name.clone(),
        message: format!(
            "{group}-{carc} overturned: the records ({}) support the service; line {} is reprocessed for payment",
            appeal.documentation.join(", "),
            line.line
        ),
    }
}
