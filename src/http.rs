//! HTTP routes: `POST /graphql` (body capped at 64 KiB, parsed here rather than by the
//! unbounded extractor), `GET /graphql` (GraphiQL), `GET /health`.

use crate::auth::token::TokenKeys;
use crate::auth::viewer::{self, Credentials, Header};
use crate::db;
use crate::graphql::AppSchema;
use crate::graphql::context::ClientAddr;
use crate::graphql::limits;
use crate::graphql::query_cache::QueryCache;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpRequest, HttpResponse, web};
use sea_orm::DatabaseConnection;
use serde_json::json;
use std::sync::Arc;

/// Largest request body accepted on `POST /graphql`.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Shared state of the HTTP layer.
pub struct HttpState {
    pub schema: AppSchema,
    pub keys: Arc<TokenKeys>,
    pub db: DatabaseConnection,
    pub playground: bool,
    pub trust_forwarded: bool,
    /// Parsed documents of the queries clients keep sending.
    pub queries: QueryCache,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/graphql")
            .route(web::post().to(graphql))
            .route(web::get().to(graphiql)),
    )
    .route("/health", web::get().to(health))
    .route("/graphiql/{file}", web::get().to(graphiql_asset));
}

/// The load benchmark's ceiling (`PRACTICUM_BENCH_CEILING`): the same HTTP stack and body
/// read as `/graphql`, with a fixed answer instead of a GraphQL execution.
pub fn bench_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/bench/ceiling", web::post().to(ceiling));
}

async fn ceiling(body: Result<web::Bytes, actix_web::Error>) -> HttpResponse {
    const ANSWER: &str = r#"{"data":{"__typename":"QueryRoot"}}"#;
    match body {
        Err(e) => return unreadable(e),
        Ok(b) if b.is_empty() => {
            return client_error(actix_web::http::StatusCode::BAD_REQUEST, "empty body");
        }
        Ok(_) => {}
    }
    HttpResponse::Ok()
        .content_type("application/json")
        .body(ANSWER)
}

/// A body that could not be read: over the 64 KiB limit (413) or broken off (400), answered
/// as JSON with a code like every other refusal.
fn unreadable(e: actix_web::Error) -> HttpResponse {
    let status = e.as_response_error().status_code();
    let message = if status == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE {
        format!("the request body is over the limit of {MAX_BODY_BYTES} bytes")
    } else {
        format!("the request body could not be read: {e}")
    };
    client_error(status, &message)
}

fn client_error(status: actix_web::http::StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({
        "errors": [{ "message": message, "extensions": { "code": "BAD_USER_INPUT", "classification": "BAD_REQUEST" } }]
    }))
}

async fn graphql(
    state: web::Data<HttpState>,
    req: HttpRequest,
    body: Result<web::Bytes, actix_web::Error>,
) -> HttpResponse {
    let body = match body {
        Ok(b) => b,
        Err(e) => return unreadable(e),
    };
    let json_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim_start().to_ascii_lowercase())
        .is_some_and(|v| {
            v.starts_with("application/json") || v.starts_with("application/graphql-response+json")
        });
    if !json_type {
        return client_error(
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the GraphQL request as JSON (Content-Type: application/json)",
        );
    }
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return client_error(
            actix_web::http::StatusCode::BAD_REQUEST,
            "batched requests are not supported",
        );
    }
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return client_error(
                actix_web::http::StatusCode::BAD_REQUEST,
                &format!("the body is not a GraphQL request: {e}"),
            );
        }
    };
    let mut request = request
        .data(credentials(&state, &req).await)
        .data(ClientAddr(client_addr(&req, state.trust_forwarded)));
    let checked = match state.queries.prepare(&mut request) {
        true => request
            .parsed_query()
            .map_or(Ok(()), limits::check_mutation_fields),
        false => Ok(()), // the engine reports the syntax error
    };
    let mut response = match checked {
        Ok(()) => state.schema.execute(request).await,
        Err(e) => async_graphql::Response::from_errors(vec![e]),
    };
    // Errors raised by the engine itself (syntax, validation, limits, argument coercion)
    // carry no code: they are all the client's.
    for e in &mut response.errors {
        let has_code = e
            .extensions
            .as_ref()
            .is_some_and(|x| x.get("code").is_some());
        if !has_code {
            let x = e.extensions.get_or_insert_with(Default::default);
            x.set("code", "BAD_USER_INPUT");
            x.set("classification", "BAD_REQUEST");
        }
    }
    // The database cannot be reached: say so with the status load balancers and clients
    // retry on, not as a 200 with an error.
    let unavailable = response.errors.iter().any(|e| {
        e.extensions.as_ref().and_then(|x| x.get("code"))
            == Some(&async_graphql::Value::from("SERVICE_UNAVAILABLE"))
    });
    if unavailable {
        return HttpResponse::ServiceUnavailable()
            .insert_header((header::RETRY_AFTER, "1"))
            .json(response);
    }
    HttpResponse::Ok().json(response)
}

async fn credentials(state: &HttpState, req: &HttpRequest) -> Credentials {
    let header = match req.headers().get(header::AUTHORIZATION) {
        None => Header::Missing,
        Some(v) => v
            .to_str()
            .map_or(Header::Unreadable, |v| Header::Value(v.to_owned())),
    };
    viewer::resolve(&state.keys, &state.db, &header).await
}

pub(crate) fn client_addr(req: &HttpRequest, trust_forwarded: bool) -> String {
    if trust_forwarded && let Some(ip) = req.connection_info().realip_remote_addr() {
        return ip.to_owned();
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

async fn graphiql(state: web::Data<HttpState>) -> HttpResponse {
    if !state.playground {
        return HttpResponse::NotFound().finish();
    }
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .body(include_str!("../assets/graphiql/index.html"))
}

/// GraphiQL's scripts and styles, served from the binary so the page works offline.
async fn graphiql_asset(state: web::Data<HttpState>, file: web::Path<String>) -> HttpResponse {
    const JS: &str = "text/javascript";
    let asset: Option<(&'static [u8], &str)> = match file.as_str() {
        "graphiql.min.js" => Some((include_bytes!("../assets/graphiql/graphiql.min.js"), JS)),
        "graphiql.min.css" => Some((
            include_bytes!("../assets/graphiql/graphiql.min.css"),
            "text/css",
        )),
        "react.production.min.js" => Some((
            include_bytes!("../assets/graphiql/react.production.min.js"),
            JS,
        )),
        "react-dom.production.min.js" => Some((
            include_bytes!("../assets/graphiql/react-dom.production.min.js"),
            JS,
        )),
        _ => None,
    };
    match asset {
        Some((body, content_type)) if state.playground => HttpResponse::Ok()
            .content_type(content_type)
            .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
            .body(body),
        _ => HttpResponse::NotFound().finish(),
    }
}

async fn health(state: web::Data<HttpState>) -> HttpResponse {
    if db::ping(&state.db).await {
        HttpResponse::Ok().json(json!({ "status": "ok", "database": "ok" }))
    } else {
        HttpResponse::ServiceUnavailable()
            .json(json!({ "status": "degraded", "database": "unreachable" }))
    }
}
