//! An assignment's window and the changes an instructor may make to it: the window is valid
//! when it closes after it opens and the attempt limit is 1 to 20 (as on creation); closing
//! early is allowed only while it is open; deleting only while none of its attempts was
//! submitted. Pure: the caller passes the clock's time.

use super::lifecycle::Refusal;
use chrono::{DateTime, Utc};

/// Attempts per case an assignment may allow.
pub const ATTEMPT_LIMITS: std::ops::RangeInclusive<i32> = 1..=20;

/// Where an assignment's window stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Not open yet.
    Upcoming,
    Open,
    Closed,
}

/// The window's state at `now`: open from `opens` (inclusive) to `closes` (exclusive), as
/// `startAttempt` judges it.
pub fn window(opens: DateTime<Utc>, closes: DateTime<Utc>, now: DateTime<Utc>) -> Window {
    if now < opens {
        Window::Upcoming
    } else if now < closes {
        Window::Open
    } else {
        Window::Closed
    }
}

/// A problem with a window or a limit: the input field at fault and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

/// Checks a window and an attempt limit as `createAssignment` does.
pub fn check(
    opens: DateTime<Utc>,
    closes: DateTime<Utc>,
    attempt_limit: i32,
) -> Result<(), Invalid> {
    if closes <= opens {
        return Err(Invalid {
            field: "closesAt",
            message: format!("must be after opensAt ({opens})"),
        });
    }
    if !ATTEMPT_LIMITS.contains(&attempt_limit) {
        return Err(Invalid {
            field: "attemptLimit",
            message: format!(
                "must be between {} and {} (got {attempt_limit})",
                ATTEMPT_LIMITS.start(),
                ATTEMPT_LIMITS.end()
            ),
        });
    }
    Ok(())
}

/// The new closing time when an instructor closes an assignment at `now`: only an open
/// assignment closes early.
pub fn close_at(
    opens: DateTime<Utc>,
    closes: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, Refusal> {
    match window(opens, closes, now) {
        Window::Open => Ok(now),
        Window::Closed => Err(Refusal(format!(
            "the assignment already closed at {closes}"
        ))),
        Window::Upcoming => Err(Refusal(format!(
            "the assignment opens only at {opens}: change its window (updateAssignment) or delete it"
        ))),
    }
}

/// Whether an assignment may be deleted, given how many of its attempts were submitted.
pub fn deletable(submitted: usize) -> Result<(), Refusal> {
    if submitted == 0 {
        Ok(())
    } else {
        Err(Refusal(format!(
            "{submitted} attempt(s) of this assignment were submitted: their scores are kept, so it cannot be deleted; close it instead (closeAssignment)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn t(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap() + Duration::hours(h)
    }

    #[test]
    fn the_window_opens_inclusive_and_closes_exclusive() {
        for (now, want) in [
            (-1, Window::Upcoming),
            (0, Window::Open),
            (9, Window::Open),
            (10, Window::Closed),
            (11, Window::Closed),
        ] {
            assert_eq!(window(t(0), t(10), t(now)), want, "at {now} h");
        }
    }

    #[test]
    fn a_window_closes_after_it_opens_and_limits_run_1_to_20() {
        assert!(check(t(0), t(1), 1).is_ok());
        assert!(check(t(0), t(1), 20).is_ok());
        for (opens, closes, limit, field) in [
            (0, 0, 3, "closesAt"),
            (2, 1, 3, "closesAt"),
            (0, 1, 0, "attemptLimit"),
            (0, 1, 21, "attemptLimit"),
        ] {
            assert_eq!(
                check(t(opens), t(closes), limit).unwrap_err().field,
                field,
                "{opens}..{closes} limit {limit}"
            );
        }
    }

    #[test]
    fn only_an_open_assignment_closes_early_and_at_now() {
        assert_eq!(close_at(t(0), t(10), t(4)), Ok(t(4)));
        assert_eq!(close_at(t(0), t(10), t(0)), Ok(t(0)));
        assert!(
            close_at(t(0), t(10), t(10))
                .unwrap_err()
                .0
                .contains("already closed")
        );
        assert!(
            close_at(t(5), t(10), t(4))
                .unwrap_err()
                .0
                .contains("opens only at")
        );
    }

    #[test]
    fn an_assignment_with_a_submitted_attempt_is_kept() {
        assert!(deletable(0).is_ok());
        assert!(deletable(1).unwrap_err().0.contains("close it instead"));
    }
}
