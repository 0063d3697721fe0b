//! MS-DRG tables: relative weights, CC/MCC designations and CC exclusions, by grouper version.

pub mod weight {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "drg_weight")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub version: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub drg: String,
        pub mdc: String,
        pub kind: String,
        /// Relative weight × 10,000.
        pub weight_e4: i64,
        /// Geometric mean length of stay × 10.
        pub gmlos_e1: i32,
        /// Arithmetic mean length of stay × 10.
        pub amlos_e1: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cc_mcc {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "cc_mcc")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub version: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub level: String,
        pub pdx_collection: String,
        pub only_if_alive: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cc_exclusion {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "cc_exclusion")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub version: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub collection: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub pdx_code: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod sdx_exclusion {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "drg_sdx_exclusion")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub version: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub drg_range: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub sdx_code: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
