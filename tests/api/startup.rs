//! Starting up: `serve` refuses to run without a strong JWT secret; the seed and the demo
//! accounts load idempotently; the test run uses the backend it was asked for.

use crate::helpers::{TestApp, fresh_database_url};
use practicum::config::Settings;
use practicum::startup::Application;
use practicum::{db, seed};
use sea_orm::{DbBackend, EntityTrait, PaginatorTrait};

#[tokio::test]
async fn the_server_refuses_to_start_without_a_strong_jwt_secret() {
    for secret in [None, Some("too-short".to_owned())] {
        let mut s = Settings::for_tests(&fresh_database_url().await);
        s.jwt_secret = secret;
        let err = Application::build(&s).await.err().expect("refused");
        assert!(err.to_string().contains("PRACTICUM_JWT_SECRET"), "{err}");
    }
}

#[tokio::test]
async fn seeding_and_the_demo_twice_duplicate_nothing() {
    let url = fresh_database_url().await;
    let conn = db::connect(&url).await.unwrap();
    db::migrate(&conn).await.unwrap();
    for _ in 0..2 {
        db::migrate(&conn).await.unwrap();
        seed::run(&conn, &seed::default_dir()).await.unwrap();
        seed::demo(&conn).await.unwrap();
    }
    use practicum::entity::{account, cohort, cohort_member, organization};
    assert_eq!(organization::Entity::find().count(&conn).await.unwrap(), 2);
    assert_eq!(account::Entity::find().count(&conn).await.unwrap(), 4);
    assert_eq!(cohort::Entity::find().count(&conn).await.unwrap(), 1);
    assert_eq!(cohort_member::Entity::find().count(&conn).await.unwrap(), 1);
}

#[tokio::test]
async fn tests_run_on_the_backend_they_were_asked_for() {
    let app = TestApp::spawn().await;
    let want = if std::env::var("TEST_DATABASE_URL").is_ok_and(|s| !s.is_empty()) {
        DbBackend::Postgres
    } else {
        DbBackend::Sqlite
    };
    assert_eq!(
        sea_orm::ConnectionTrait::get_database_backend(&app.db),
        want
    );
}
