//! The web application: the trainee's workspace (and, later, the staff consoles) in a
//! browser. Its pages are ES modules that call `POST /graphql` with a bearer token, the same
//! API and the same authorization as every other client; this layer only serves the files
//! (embedded at build time, see `build.rs`), the HTML shell with its security headers, and
//! the session endpoints that keep the refresh token in an HttpOnly cookie.

mod assets;
mod cookie;
mod session;
mod shell;

pub use session::WebState;

use actix_web::web;

/// Top-level paths of the application's pages: each serves the shell, and the client's
/// router draws the page. A new page family adds its first path segment here.
pub const PAGES: &[&str] = &[
    "signin", "register", "cases", "attempts", "claims", "accounts", "billing", "exams",
    // The instructor console (issue 18).
    "teach", "library",
];

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(shell::page))
        .route("/assets/{path:.*}", web::get().to(assets::serve))
        .route("/favicon.ico", web::get().to(assets::favicon))
        .service(
            web::scope("/app/session")
                .route("/login", web::post().to(session::login))
                .route("/register", web::post().to(session::register))
                .route("/refresh", web::post().to(session::refresh))
                .route("/logout", web::post().to(session::logout)),
        );
    for page in PAGES {
        cfg.route(&format!("/{page}"), web::get().to(shell::page))
            .route(&format!("/{page}/{{rest:.*}}"), web::get().to(shell::page));
    }
}
