//! Practice: assignments and attempts.

pub mod assignment {
    //! A case set assigned to a cohort: window, mode, feedback policy (IMMEDIATE or AFTER_CLOSE), attempt limit per case.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "assignment")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub organization_id: i32,
        pub cohort_id: i32,
        pub case_set_id: i32,
        pub mode: String,
        pub feedback_policy: String,
        pub opens_at: DateTimeUtc,
        pub closes_at: DateTimeUtc,
        pub attempt_limit: i32,
        pub created_by: Option<i32>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    /// Assignments of one organization.
    pub fn in_org(org_id: i32) -> Select<Entity> {
        Entity::find().filter(Column::OrganizationId.eq(org_id))
    }
}

pub mod attempt {
    //! A trainee's coding of a case: drafts until submitted once; the score (percent × 100) and the explained report (JSON) are frozen at submission.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "attempt")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub account_id: i32,
        pub case_id: i32,
        pub assignment_id: Option<i32>,
        pub key_version: i32,
        pub status: String,
        pub submission: String,
        pub percent_e2: Option<i32>,
        pub report: Option<String>,
        pub started_at: DateTimeUtc,
        pub saved_at: DateTimeUtc,
        pub submitted_at: Option<DateTimeUtc>,
        /// Bumped by every save: a client sends back the version it read.
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod attempt_credit {
    //! Manual credit: an instructor marks one line of an attempt right (`credit`) or wrong, with a reason. The line is identified by its submitted and expected codes, so credit survives re-grading.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "attempt_credit")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub attempt_id: i32,
        pub submitted: Option<String>,
        pub expected: Option<String>,
        pub credit: bool,
        pub reason: String,
        pub created_by: Option<i32>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod attempt_score_history {
    //! A score an attempt had before a re-grade or a manual credit changed it.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "attempt_score_history")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub attempt_id: i32,
        pub key_version: i32,
        pub percent_e2: i32,
        pub report: String,
        pub reason: String,
        pub changed_by: Option<i32>,
        pub changed_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod dispute {
    //! A trainee's dispute of one line of a scored attempt (identified by its submitted and
    //! expected codes), with a citation; OPEN until an instructor accepts or rejects it.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "dispute")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub attempt_id: i32,
        pub submitted: Option<String>,
        pub expected: Option<String>,
        pub citation: String,
        pub message: String,
        pub status: String,
        pub resolution: Option<String>,
        pub resolved_by: Option<i32>,
        pub created_at: DateTimeUtc,
        pub resolved_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod provider_query {
    //! A query a trainee raised to the simulated provider on an attempt, with its verdict:
    //! `findings` is JSON (`Vec<domain::queries::Finding>`), `indicators` and `options` JSON
    //! string arrays; an answered needed query keeps the provider's addendum.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "provider_query")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub attempt_id: i32,
        pub account_id: i32,
        pub case_id: i32,
        /// MULTIPLE_CHOICE, YES_NO or OPEN_ENDED.
        pub query_type: String,
        pub indicators: String,
        pub question: String,
        pub options: String,
        pub compliant: bool,
        pub necessary: bool,
        pub findings: String,
        pub answered: bool,
        pub answer_title: Option<String>,
        pub answer_kind: Option<String>,
        pub answer_body: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
