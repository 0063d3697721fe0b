//! Validation of codes for a date of service and a patient: billable, valid on the date, age
//! and sex edits (MCE), and, across the ICD-10-CM codes given, Excludes1 conflicts and
//! code-first / use-additional-code instructions.

use super::index::CodeIndex;
use super::notes::{inherited, ref_covers};
use super::{CodeRecord, Sex, System, display};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Valid,
    NotBillable,
    NotValidOnDate,
    Unknown,
    AgeConflict,
    SexConflict,
}

/// The verdict on one code.
#[derive(Debug, Clone)]
pub struct CodeVerdict<'a> {
    pub system: System,
    pub code: String,
    pub status: Status,
    pub message: String,
    /// The version that applies on the date (or the nearest one), when the code exists.
    pub record: Option<&'a CodeRecord>,
    /// For NOT_BILLABLE: the billable codes below it.
    pub billable_children: Vec<&'a CodeRecord>,
    /// For NOT_VALID_ON_DATE: the codes that replaced it (a code split or deleted at a new
    /// release), valid on the date.
    pub replacements: Vec<&'a CodeRecord>,
}

/// Two codes that an Excludes1 note says are never coded together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub code: String,
    pub excluded: String,
    pub note: String,
}

/// A sequencing instruction for one of the codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub code: String,
    /// `codeFirst`, `useAdditionalCode` or `codeAlso`.
    pub kind: String,
    pub note: String,
    /// True when another code given falls under the note's references.
    pub satisfied: bool,
}

#[derive(Debug, Clone)]
pub struct Validation<'a> {
    pub verdicts: Vec<CodeVerdict<'a>>,
    pub conflicts: Vec<Conflict>,
    pub hints: Vec<Hint>,
}

/// The patient the codes are for.
#[derive(Debug, Clone, Copy)]
pub struct Patient {
    pub age: Option<u32>,
    pub sex: Option<Sex>,
}

impl CodeIndex {
    /// Judges each (system, normalized code) for the date of service and patient.
    pub fn validate(
        &self,
        codes: &[(System, String)],
        date: NaiveDate,
        patient: Patient,
    ) -> Validation<'_> {
        let verdicts: Vec<CodeVerdict<'_>> = codes
            .iter()
            .map(|(s, c)| self.verdict(*s, c, date, patient))
            .collect();
        let icd: Vec<&CodeRecord> = verdicts
            .iter()
            .filter(|v| v.system == System::Icd10Cm)
            .filter_map(|v| v.record)
            .collect();
        let mut conflicts = Vec::new();
        let mut hints = Vec::new();
        for r in &icd {
            for note in inherited(self, r) {
                match note.kind.as_str() {
                    "excludes1" => {
                        for other in icd.iter().filter(|o| o.code != r.code) {
                            if note.refs.iter().any(|x| ref_covers(x, &other.code)) {
                                let c = Conflict {
                                    code: display(System::Icd10Cm, &r.code),
                                    excluded: display(System::Icd10Cm, &other.code),
                                    note: note.text.clone(),
                                };
                                if !conflicts.contains(&c) {
                                    conflicts.push(c);
                                }
                            }
                        }
                    }
                    "codeFirst" | "useAdditionalCode" | "codeAlso" => {
                        let satisfied = icd.iter().any(|o| {
                            o.code != r.code && note.refs.iter().any(|x| ref_covers(x, &o.code))
                        });
                        hints.push(Hint {
                            code: display(System::Icd10Cm, &r.code),
                            kind: note.kind.clone(),
                            note: note.text.clone(),
                            satisfied,
                        });
                    }
                    _ => {}
                }
            }
        }
        Validation {
            verdicts,
            conflicts,
            hints,
        }
    }

    fn verdict(
        &self,
        system: System,
        code: &str,
        date: NaiveDate,
        patient: Patient,
    ) -> CodeVerdict<'_> {
        let shown = display(system, code);
        let mut v = CodeVerdict {
            system,
            code: shown.clone(),
            status: Status::Valid,
            message: String::new(),
            record: None,
            billable_children: Vec::new(),
            replacements: Vec::new(),
        };
        let Some(r) = self.lookup(system, code, Some(date)) else {
            match self.versions(system, code).last() {
                None => {
                    v.status = Status::Unknown;
                    v.message = format!("{shown} is not a {} code", system.as_str());
                }
                Some(nearest) => {
                    v.status = Status::NotValidOnDate;
                    v.record = Some(nearest);
                    v.replacements = self.replacements(system, code, date);
                    let replaced_by = if v.replacements.is_empty() {
                        String::new()
                    } else {
                        let codes: Vec<String> = v
                            .replacements
                            .iter()
                            .map(|r| display(system, &r.code))
                            .collect();
                        format!("; it was replaced by {}", codes.join(", "))
                    };
                    v.message = match nearest.valid_to {
                        Some(to) if to < date => format!(
                            "{shown} was valid until {to}; the date of service is {date}{replaced_by}"
                        ),
                        _ => format!(
                            "{shown} is valid from {}; the date of service is {date}",
                            nearest.valid_from
                        ),
                    };
                }
            }
            return v;
        };
        v.record = Some(r);
        if !r.billable {
            v.status = Status::NotBillable;
            v.billable_children = self.billable_descendants(system, code, date);
            v.message = format!(
                "{shown} is a header, not a billable code: code to the highest specificity ({} billable codes below it)",
                v.billable_children.len()
            );
            return v;
        }
        if let Some(age) = patient.age {
            for range in self.age_ranges() {
                let group = range.group.to_lowercase();
                let in_force = range.date_start <= date && date <= range.date_end;
                if in_force
                    && r.has_flag(&group)
                    && !(range.start_age..=range.end_age).contains(&age)
                {
                    v.status = Status::AgeConflict;
                    v.message = format!(
                        "{shown} is a {} code (ages {}–{}); the patient is {age} (Medicare Code Editor age edit)",
                        range.group, range.start_age, range.end_age
                    );
                    return v;
                }
            }
        }
        if let (Some(want), Some(sex)) = (r.sex_edit(), patient.sex)
            && sex != Sex::Unknown
            && sex != want
        {
            {
                let which = if want == Sex::Male { "male" } else { "female" };
                v.status = Status::SexConflict;
                v.message = format!(
                    "{shown} is a {which}-only code in the last published MCE sex edit (CMS removed sex edits on 2024-10-01; some payers still apply them)"
                );
                return v;
            }
        }
        v.message = format!("{shown} is valid on {date}");
        v
    }
}
