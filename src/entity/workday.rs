//! Simulated workdays (shifts), their encounters, the claims submitted in them and the timed
//! events of their active time.

pub mod shift {
    //! A trainee's simulated workday: `days` days from `start_date`, `current_day` the one open.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "shift")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The trainee who works the shift.
        pub account_id: i32,
        /// The organization that owns it: the trainee's, or the assessment's employer's.
        pub organization_id: Option<i32>,
        pub started_by: i32,
        pub cohort_id: Option<i32>,
        pub assessment_id: Option<i32>,
        pub case_set_id: Option<i32>,
        pub seed: i64,
        pub start_date: Date,
        pub days: i32,
        pub encounters_per_day: i32,
        pub pace_days: i32,
        pub current_day: i32,
        pub status: String,
        pub created_at: DateTimeUtc,
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod shift_encounter {
    //! One encounter of a shift: a case due on a day, coded through an attempt.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "shift_encounter")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub shift_id: i32,
        pub day: i32,
        pub position: i32,
        pub case_id: i32,
        pub attempt_id: Option<i32>,
        pub coded_day: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod shift_claim {
    //! One claim submission of a shift and the day its answer shows (`domain::workday::schedule`).
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "shift_claim")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub shift_id: i32,
        pub encounter_id: i32,
        pub claim_id: i32,
        /// 1-based, every submission of the shift counted.
        pub sequence: i32,
        pub submitted_day: i32,
        pub outcome: String,
        pub first_of_encounter: bool,
        pub expected_day: i32,
        pub unanswered: bool,
        pub due_day: Option<i32>,
        pub followed_up_day: Option<i32>,
        pub answer_day: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod shift_event {
    //! A trainee's action in a shift, on the server clock (active time).
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "shift_event")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub shift_id: i32,
        pub day: i32,
        pub action: String,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
