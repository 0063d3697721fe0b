//! The question bank, exam forms, attempts, answers and assessment grants.

pub mod question_item {
    //! One question (`domain::exams::Question` as JSON in `body`); `exams` and `skill_tags`
    //! are `,A,B,` lists for filtering. A question without an organization is the platform's
    //! (the public bank); one with an organization is that organization's private question.
    //! `pool`: PRACTICE (practice exams draw from it) or ASSESSMENT (held back).
    use sea_orm::Condition;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "question_item")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub slug: String,
        pub bank: String,
        pub kind: String,
        pub exams: String,
        pub section: String,
        pub skill_tags: String,
        pub difficulty: String,
        pub body: String,
        pub organization_id: Option<i32>,
        pub pool: String,
        pub created_by: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    /// The questions practice exams draw from: the platform's, in the PRACTICE pool.
    pub fn practice_bank() -> Select<Entity> {
        Entity::find()
            .filter(Column::OrganizationId.is_null())
            .filter(Column::Pool.eq(crate::domain::exams::authoring::Pool::Practice.as_str()))
    }

    /// The questions an organization may read and use: the platform's and its own.
    pub fn usable_by(org_id: i32) -> Select<Entity> {
        Entity::find().filter(
            Condition::any()
                .add(Column::OrganizationId.is_null())
                .add(Column::OrganizationId.eq(org_id)),
        )
    }
}

pub mod exam_form {
    //! A practice exam (PRACTICE: drawn from `blueprint` per attempt) or an employer assessment
    //! (ASSESSMENT: the fixed `items` list). Feedback: IMMEDIATE or EMPLOYER_ONLY.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "exam_form")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub organization_id: Option<i32>,
        pub slug: String,
        pub title: String,
        pub description: String,
        pub kind: String,
        pub blueprint: Option<String>,
        pub items: Option<String>,
        pub duration_minutes: i32,
        pub pass_percent: i32,
        pub feedback: String,
        pub created_by: Option<i32>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod exam_attempt {
    //! One sitting: the items drawn (JSON list of `{question}`/`{case}`), the server's start and
    //! deadline, and once closed the graded report. Status: IN_PROGRESS, SUBMITTED, EXPIRED.
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "exam_attempt")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub form_id: i32,
        pub account_id: i32,
        pub items: String,
        pub status: String,
        pub started_at: DateTimeUtc,
        pub deadline_at: DateTimeUtc,
        pub closed_at: Option<DateTimeUtc>,
        pub percent_e2: Option<i32>,
        pub passed: Option<bool>,
        pub report: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod exam_answer {
    //! The answer saved for one position of an attempt (JSON: option keys, or a case
    //! submission).
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "exam_answer")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub attempt_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub position: i32,
        pub answer: String,
        pub saved_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod exam_grant {
    //! A candidate's right to take an assessment once (given by its invitation).
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "exam_grant")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub form_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
        pub created_at: DateTimeUtc,
        /// When the candidate started the sitting; a used grant admits no second one.
        pub used_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
