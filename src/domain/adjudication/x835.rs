//! The X12 835 005010X221A1 writer: one remittance for one claim. CLP02 is 1 (processed as
//! primary), 2 (as secondary), 4 (denied) or 22 (reversal); CAS carries group, CARC and amount
//! (up to six per segment); LQ*HE the remarks.

use super::{RemitStatus, Remittance};
use crate::domain::claims::x12::clean;
use crate::domain::claims::{Claim, dollars};
use chrono::NaiveDateTime;

pub struct Envelope<'a> {
    pub control: u32,
    pub created: NaiveDateTime,
    /// Our claim id, echoed back in CLP01.
    pub claim_id: &'a str,
    pub payer_name: &'a str,
    pub payer_id: &'a str,
    /// CLP06 claim filing indicator (MB, MC, CI, HM).
    pub filing_indicator: &'a str,
    /// Whether the payer processed the claim as secondary.
    pub secondary: bool,
}

pub fn write_835(remit: &Remittance, claim: &Claim, env: &Envelope<'_>) -> String {
    let mut segs: Vec<String> = Vec::new();
    let date = env.created.format("%Y%m%d").to_string();
    let time = env.created.format("%H%M").to_string();
    let control = format!("{:09}", env.control);
    let payer_id = clean(env.payer_id);
    let isa = format!(
        "ISA*00*{:10}*00*{:10}*ZZ*{:15}*ZZ*{:15}*{}*{time}*^*00501*{control}*0*T*:",
        "",
        "",
        payer_id,
        "PRACTICUMSIM",
        env.created.format("%y%m%d")
    );
    let gs = format!(
        "GS*HP*{payer_id}*PRACTICUMSIM*{date}*{time}*{}*X*005010X221A1",
        env.control
    );
    seg(&mut segs, &["ST", "835", "0001"]);
    let paid = dollars(remit.paid_cents.max(0));
    let (handling, method) = if remit.paid_cents > 0 {
        ("I", "CHK")
    } else {
        ("H", "NON")
    };
    seg(
        &mut segs,
        &[
            "BPR", handling, &paid, "C", method, "", "", "", "", "", "", "", "", "", "", "", &date,
        ],
    );
    let trace_no = format!("{}{}", clean(&remit.claim_number), env.control);
    seg(
        &mut segs,
        &[
            "TRN",
            "1",
            &trace_no,
            &format!(
                "1{:0>9}",
                payer_id
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
            ),
        ],
    );
    seg(&mut segs, &["DTM", "405", &date]);
    seg(&mut segs, &["N1", "PR", &clean(env.payer_name)]);
    seg(&mut segs, &["N3", "PO BOX 1000"]);
    seg(&mut segs, &["N4", "FERNBROOK", "OR", "97000"]);
    seg(
        &mut segs,
        &[
            "PER",
            "BL",
            "PROVIDER TECHNICAL SUPPORT",
            "TE",
            "5555550199",
        ],
    );
    seg(
        &mut segs,
        &[
            "N1",
            "PE",
            &clean(&claim.billing.name),
            "XX",
            &claim.billing.npi,
        ],
    );
    seg(&mut segs, &["LX", "1"]);
    let status = match (remit.status, env.secondary) {
        (RemitStatus::Reversed, _) => "22",
        (RemitStatus::Denied, _) => "4",
        (_, true) => "2",
        _ => "1",
    };
    let pos = claim
        .lines
        .first()
        .map(|l| l.place_of_service.clone())
        .unwrap_or_default();
    seg(
        &mut segs,
        &[
            "CLP",
            &clean(env.claim_id),
            status,
            &dollars(remit.billed_cents),
            &dollars(remit.paid_cents),
            &dollars(remit.patient_responsibility_cents),
            // CLP06 has no "CI": a commercial PPO is 12.
            if env.filing_indicator == "CI" {
                "12"
            } else {
                env.filing_indicator
            },
            &clean(&remit.claim_number),
            &pos,
            claim.frequency.code(),
        ],
    );
    let p = &claim.patient;
    seg(
        &mut segs,
        &[
            "NM1",
            "QC",
            "1",
            &clean(&p.last_name),
            &clean(&p.first_name),
            "",
            "",
            "",
            "MI",
            &clean(&claim.insured.member_id),
        ],
    );
    seg(
        &mut segs,
        &[
            "DTM",
            "050",
            &remit.received_on.format("%Y%m%d").to_string(),
        ],
    );
    for l in &remit.lines {
        let mut proc = format!("HC:{}", l.code);
        for m in &l.modifiers {
            proc.push(':');
            proc.push_str(m);
        }
        seg(
            &mut segs,
            &[
                "SVC",
                &proc,
                &dollars(l.billed_cents),
                &dollars(l.paid_cents),
                "",
                &l.units.to_string(),
            ],
        );
        seg(
            &mut segs,
            &[
                "DTM",
                "472",
                &l.date_of_service.format("%Y%m%d").to_string(),
            ],
        );
        for group in ["CO", "PR", "OA", "PI", "CR"] {
            let adj: Vec<_> = l.adjustments.iter().filter(|a| a.group == group).collect();
            for chunk in adj.chunks(6) {
                let mut parts = vec!["CAS".to_owned(), group.to_owned()];
                for a in chunk {
                    parts.push(a.reason.clone());
                    parts.push(dollars(a.amount_cents));
                    parts.push(String::new());
                }
                parts.pop();
                let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
                seg(&mut segs, &refs);
            }
        }
        seg(&mut segs, &["REF", "6R", &l.line.to_string()]);
        if l.allowed_cents != 0 {
            seg(&mut segs, &["AMT", "B6", &dollars(l.allowed_cents)]);
        }
        for r in &l.remarks {
            seg(&mut segs, &["LQ", "HE", r]);
        }
    }
    let count = segs.len() + 1;
    seg(&mut segs, &["SE", &count.to_string(), "0001"]);
    let mut out = String::new();
    for s in std::iter::once(isa).chain(std::iter::once(gs)).chain(segs) {
        out.push_str(&s);
        out.push_str("~\n");
    }
    out.push_str(&format!("GE*1*{}~\nIEA*1*{control}~\n", env.control));
    out
}

fn seg(segs: &mut Vec<String>, parts: &[&str]) {
    let mut p: Vec<&str> = parts.to_vec();
    while p.len() > 1 && p.last().is_some_and(|x| x.is_empty()) {
        p.pop();
    }
    segs.push(p.join("*"));
}
