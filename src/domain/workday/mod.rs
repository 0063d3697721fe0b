//! A simulated workday (a shift): the trainee codes yesterday's encounters, bills them, and
//! works the payers' answers as they arrive on later simulated days. The calendar moves only
//! when the trainee ends a day, never with the wall clock.
//!
//! - `schedule`: the day each submitted claim's answer becomes visible (the adjudicator decides
//!   what the answer is; the schedule decides only when the trainee sees it).
//! - `report`: the end-of-shift report (productivity, accuracy, claim and A/R figures).
//! - `benchmarks`: the published references the report's figures are shown beside.

pub mod benchmarks;
pub mod report;
pub mod schedule;

use crate::domain::lifecycle::Refusal;

/// Most days a shift may have, and most encounters a day.
pub const MAX_DAYS: u32 = 10;
pub const MAX_ENCOUNTERS_PER_DAY: u32 = 20;
/// Most payer calendar days one shift day may stand for.
pub const MAX_PACE_DAYS: u32 = 30;

/// A shift: OPEN while it has days left, FINISHED once its last day is ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftStatus {
    Open,
    Finished,
}

impl ShiftStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ShiftStatus::Open => "OPEN",
            ShiftStatus::Finished => "FINISHED",
        }
    }

    pub fn parse(s: &str) -> Result<Self, Refusal> {
        match s {
            "OPEN" => Ok(ShiftStatus::Open),
            "FINISHED" => Ok(ShiftStatus::Finished),
            other => Err(Refusal(format!("unknown shift state '{other}'"))),
        }
    }

    /// Ending day `day` of a shift of `days` days: the next day opens, or the shift finishes
    /// after its last day. Returns the new state and the new current day (a finished shift
    /// keeps its last day as current).
    pub fn end_day(self, day: u32, days: u32) -> Result<(ShiftStatus, u32), Refusal> {
        match self {
            ShiftStatus::Finished => Err(Refusal(format!(
                "the shift is finished (it had {days} days): start a new one"
            ))),
            ShiftStatus::Open if day >= days => Ok((ShiftStatus::Finished, day)),
            ShiftStatus::Open => Ok((ShiftStatus::Open, day + 1)),
        }
    }

    /// Work (coding, billing, follow-up) is done only on an open shift.
    pub fn work(self) -> Result<(), Refusal> {
        match self {
            ShiftStatus::Open => Ok(()),
            ShiftStatus::Finished => {
                Err(Refusal("the shift is finished: its work is closed".into()))
            }
        }
    }
}

/// The day (1-based) on which encounter number `position` (0-based, in the order the shift
/// lists its cases) is due: `per_day` encounters a day.
pub fn encounter_day(position: u32, per_day: u32) -> u32 {
    position / per_day.max(1) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_end_in_order_and_the_last_one_finishes_the_shift() {
        let s = ShiftStatus::Open;
        assert_eq!(s.end_day(1, 3), Ok((ShiftStatus::Open, 2)));
        assert_eq!(s.end_day(2, 3), Ok((ShiftStatus::Open, 3)));
        assert_eq!(s.end_day(3, 3), Ok((ShiftStatus::Finished, 3)));
        assert!(ShiftStatus::Finished.end_day(3, 3).is_err());
        assert!(ShiftStatus::Finished.work().is_err());
        assert!(ShiftStatus::Open.work().is_ok());
        assert_eq!(ShiftStatus::parse("OPEN"), Ok(ShiftStatus::Open));
        assert!(ShiftStatus::parse("open").is_err());
    }

    #[test]
    fn encounters_fill_the_days_in_order() {
        let days: Vec<u32> = (0..7).map(|p| encounter_day(p, 3)).collect();
        assert_eq!(days, [1, 1, 1, 2, 2, 2, 3]);
        assert_eq!(encounter_day(4, 0), 5, "no division by zero");
    }
}
