//! The committed `schema.graphql` is what the code generates (`practicum schema`).

use practicum::graphql;

#[test]
fn committed_schema_matches_the_code() {
    let generated = graphql::build(None, None, None, true).sdl();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "schema.graphql is out of date: run `cargo run -- schema > schema.graphql`"
    );
}
