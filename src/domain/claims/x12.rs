//! The X12 837P 005010X222A1 writer for a professional claim: one interchange, one claim.
//! Segments end with `~` and a newline; elements are separated by `*`, components by `:`.

use super::{Claim, ClaimKind, ClaimProvider, Frequency, Person, dollars, pointer_index};
use chrono::NaiveDateTime;

/// Who sends and who receives the file, and when.
pub struct Envelope<'a> {
    /// The interchange control number (1–999,999,999).
    pub control: u32,
    pub created: NaiveDateTime,
    /// Our patient-account number for the claim (CLM01).
    pub claim_id: &'a str,
    pub payer_name: &'a str,
    pub payer_id: &'a str,
    /// SBR09 claim filing indicator: MB (Medicare B), MC (Medicaid), CI (commercial), HM (HMO).
    pub filing_indicator: &'a str,
    /// P, S or T: the payer's responsibility sequence.
    pub sequence: &'a str,
}

/// Writes the 837P; `None` for an institutional claim (837I is not produced).
pub fn write_837p(claim: &Claim, env: &Envelope<'_>) -> Option<String> {
    if claim.kind != ClaimKind::Professional {
        return None;
    }
    let mut w = Writer::default();
    let date = env.created.format("%Y%m%d").to_string();
    let time = env.created.format("%H%M").to_string();
    let sender = "PRACTICUMSIM";
    let control = format!("{:09}", env.control);
    w.raw(format!(
        "ISA*00*{:10}*00*{:10}*ZZ*{:15}*ZZ*{:15}*{}*{}*^*00501*{control}*0*T*:",
        "",
        "",
        sender,
        clean(env.payer_id),
        env.created.format("%y%m%d"),
        time
    ));
    w.raw(format!(
        "GS*HC*{sender}*{}*{date}*{time}*{}*X*005010X222A1",
        clean(env.payer_id),
        env.control
    ));
    w.seg(&["ST", "837", "0001", "005010X222A1"]);
    w.seg(&[
        "BHT",
        "0019",
        "00",
        &clean(env.claim_id),
        &date,
        &time,
        "CH",
    ]);
    let billing = &claim.billing;
    w.seg(&[
        "NM1",
        "41",
        "2",
        &clean(&billing.name),
        "",
        "",
        "",
        "",
        "46",
        sender,
    ]);
    w.seg(&["PER", "IC", "BILLING OFFICE", "TE", "5555550100"]);
    w.seg(&[
        "NM1",
        "40",
        "2",
        &clean(env.payer_name),
        "",
        "",
        "",
        "",
        "46",
        &clean(env.payer_id),
    ]);
    // 2000A / 2010AA billing provider
    w.seg(&["HL", "1", "", "20", "1"]);
    if let Some(t) = &billing.taxonomy {
        w.seg(&["PRV", "BI", "PXC", t]);
    }
    w.seg(&[
        "NM1",
        "85",
        "2",
        &clean(&billing.name),
        "",
        "",
        "",
        "",
        "XX",
        &billing.npi,
    ]);
    address(&mut w, billing.address.as_ref());
    w.seg(&["REF", "EI", billing.tax_id.as_deref().unwrap_or("")]);
    // 2000B subscriber
    let is_self = claim.insured.relationship == "SELF";
    w.seg(&["HL", "2", "1", "22", if is_self { "0" } else { "1" }]);
    let group = claim.insured.group_number.clone().unwrap_or_default();
    w.seg(&[
        "SBR",
        env.sequence,
        if is_self { "18" } else { "" },
        &clean(&group),
        "",
        "",
        "",
        "",
        "",
        env.filing_indicator,
    ]);
    let ins = &claim.insured.person;
    w.seg(&[
        "NM1",
        "IL",
        "1",
        &clean(&ins.last_name),
        &clean(&ins.first_name),
        "",
        "",
        "",
        "MI",
        &clean(&claim.insured.member_id),
    ]);
    if is_self {
        address(&mut w, claim.patient.address.as_ref());
        demographics(&mut w, &claim.patient);
    }
    w.seg(&[
        "NM1",
        "PR",
        "2",
        &clean(env.payer_name),
        "",
        "",
        "",
        "",
        "PI",
        &clean(env.payer_id),
    ]);
    if !is_self {
        w.seg(&["HL", "3", "2", "23", "0"]);
        let rel = match claim.insured.relationship.as_str() {
            "SPOUSE" => "01",
            "CHILD" => "19",
            _ => "G8",
        };
        w.seg(&["PAT", rel]);
        let p = &claim.patient;
        w.seg(&[
            "NM1",
            "QC",
            "1",
            &clean(&p.last_name),
            &clean(&p.first_name),
        ]);
        address(&mut w, p.address.as_ref());
        demographics(&mut w, p);
    }
    // 2300 claim
    let pos = claim
        .lines
        .first()
        .map(|l| l.place_of_service.clone())
        .unwrap_or_default();
    let clm05 = format!("{pos}:B:{}", claim.frequency.code());
    w.seg(&[
        "CLM",
        &clean(env.claim_id),
        &dollars(claim.total_charge_cents),
        "",
        "",
        &clm05,
        "Y",
        "A",
        "Y",
        "Y",
    ]);
    if let Some(a) = claim
        .prior_authorization
        .as_deref()
        .filter(|a| !a.trim().is_empty())
    {
        w.seg(&["REF", "G1", &clean(a)]);
    }
    if claim.frequency != Frequency::Original
        && let Some(r) = &claim.original_reference
    {
        w.seg(&["REF", "F8", &clean(r)]);
    }
    if !claim.diagnoses.is_empty() {
        let mut hi = vec!["HI".to_owned()];
        for (i, d) in claim.diagnoses.iter().enumerate() {
            let q = if i == 0 { "ABK" } else { "ABF" };
            hi.push(format!("{q}:{}", d.code.replace('.', "")));
        }
        w.owned(hi);
    }
    if claim.rendering.npi != billing.npi {
        provider_person(&mut w, "82", &claim.rendering);
        if let Some(t) = &claim.rendering.taxonomy {
            w.seg(&["PRV", "PE", "PXC", t]);
        }
    }
    if let Some(f) = &claim.facility {
        w.seg(&[
            "NM1",
            "77",
            "2",
            &clean(&f.name),
            "",
            "",
            "",
            "",
            "XX",
            &f.npi,
        ]);
        address(&mut w, f.address.as_ref());
    }
    // 2400 lines
    for (n, l) in claim.lines.iter().enumerate() {
        w.seg(&["LX", &(n + 1).to_string()]);
        let mut proc = format!("HC:{}", l.code);
        for m in &l.modifiers {
            proc.push(':');
            proc.push_str(m);
        }
        let ptrs: Vec<String> = l
            .pointers
            .iter()
            .filter_map(|p| pointer_index(p))
            .map(|i| (i + 1).to_string())
            .collect();
        let line_pos = if l.place_of_service == pos {
            String::new()
        } else {
            l.place_of_service.clone()
        };
        let unit = if crate::domain::adjudication::edits::is_anesthesia(&l.code) {
            "MJ"
        } else {
            "UN"
        };
        w.seg(&[
            "SV1",
            &proc,
            &dollars(l.charge_cents),
            unit,
            &l.units.to_string(),
            &line_pos,
            "",
            &ptrs.join(":"),
        ]);
        w.seg(&[
            "DTP",
            "472",
            "D8",
            &l.date_of_service.format("%Y%m%d").to_string(),
        ]);
    }
    let count = w.count + 1 - 2; // ST through SE, not ISA/GS
    w.seg(&["SE", &count.to_string(), "0001"]);
    w.raw(format!("GE*1*{}", env.control));
    w.raw(format!("IEA*1*{control}"));
    Some(w.out)
}

#[derive(Default)]
struct Writer {
    out: String,
    count: usize,
}

impl Writer {
    fn raw(&mut self, s: String) {
        self.out.push_str(&s);
        self.out.push_str("~\n");
        self.count += 1;
    }
    fn seg(&mut self, parts: &[&str]) {
        let mut parts: Vec<&str> = parts.to_vec();
        while parts.len() > 1 && parts.last().is_some_and(|p| p.is_empty()) {
            parts.pop();
        }
        self.raw(parts.join("*"));
    }
    fn owned(&mut self, parts: Vec<String>) {
        let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
        self.seg(&refs);
    }
}

/// Upper case ASCII, without the delimiters (`*`, `~`, `:`, `^`): accented Latin letters lose
/// their accents (HALLSTRÖM → HALLSTROM), other characters outside printable ASCII are dropped
/// (an X12 file is ASCII; pyx12 refuses any other byte).
pub fn clean(s: &str) -> String {
    let upper = s.to_uppercase();
    let mut out = String::with_capacity(upper.len());
    for c in upper.chars() {
        match c {
            '*' | '~' | ':' | '^' => {}
            ' '..='~' => out.push(c),
            _ => out.push_str(unaccented(c)),
        }
    }
    out.trim().to_owned()
}

/// The ASCII letters of an accented upper-case Latin letter; "" for anything else.
fn unaccented(c: char) -> &'static str {
    match c {
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'Æ' => "AE",
        'Ç' | 'Ć' | 'Č' => "C",
        'Ď' | 'Đ' => "D",
        'È'..='Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'Ì'..='Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'Ł' => "L",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'Œ' => "OE",
        'Ř' => "R",
        'Ś' | 'Š' | 'Ş' => "S",
        'ẞ' => "SS",
        'Ť' | 'Ţ' => "T",
        'Ù'..='Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'Ý' | 'Ÿ' => "Y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => "",
    }
}

fn address(w: &mut Writer, a: Option<&super::Address>) {
    if let Some(a) = a {
        w.seg(&["N3", &clean(&a.line1)]);
        let zip: String = a.zip.chars().filter(char::is_ascii_digit).collect();
        w.seg(&["N4", &clean(&a.city), &clean(&a.state), &zip]);
    }
}

fn demographics(w: &mut Writer, p: &Person) {
    if let Some(d) = p.date_of_birth {
        w.seg(&["DMG", "D8", &d.format("%Y%m%d").to_string(), &p.sex]);
    }
}

/// NM1 for a person provider: "Last, First, MD" → last and first names.
fn provider_person(w: &mut Writer, entity: &str, p: &ClaimProvider) {
    let name = p.name.split(',').next().unwrap_or(&p.name).trim();
    let mut words: Vec<&str> = name.split_whitespace().collect();
    let last = words.pop().unwrap_or("");
    let first = words.join(" ");
    w.seg(&[
        "NM1",
        entity,
        "1",
        &clean(last),
        &clean(&first),
        "",
        "",
        "",
        "XX",
        &p.npi,
    ]);
}

#[cfg(test)]
mod tests {
    #[test]
    fn clean_gives_upper_case_ascii_without_delimiters() {
        assert_eq!(super::clean(" Hallström*~ "), "HALLSTROM");
        assert_eq!(super::clean("Núñez-Çelik: Søren"), "NUNEZ-CELIK SOREN");
        assert_eq!(super::clean("Straße\tline\n"), "STRASSELINE");
        assert_eq!(super::clean("O'Brien 5^B"), "O'BRIEN 5B");
        assert!(super::clean("Zoë 李").is_ascii());
    }
}
