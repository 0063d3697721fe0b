//! The embedded files under `/assets/<hashed path>`: immutable, cached for a year, sent
//! gzip-compressed to clients that accept it.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

/// One embedded file.
pub struct Asset {
    /// The served path under `/assets/`, with its content hash.
    pub path: &'static str,
    /// Its path under `web/`.
    pub source: &'static str,
    pub mime: &'static str,
    pub body: &'static [u8],
    pub gzip: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/web/assets.rs"));

/// The hashed path of a file under `web/`, e.g. `js/main.js` -> `js/main.1a2b3c4d5e.js`.
pub fn hashed(source: &str) -> Option<&'static str> {
    ASSETS.iter().find(|a| a.source == source).map(|a| a.path)
}

fn find(path: &str) -> Option<&'static Asset> {
    ASSETS
        .binary_search_by(|a| a.path.cmp(path))
        .ok()
        .map(|i| &ASSETS[i])
}

/// True when the request accepts gzip.
pub fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|enc| {
            let mut parts = enc.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| p.trim().replace(' ', "") == "q=0");
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

pub async fn serve(req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let Some(asset) = find(&path) else {
        return HttpResponse::NotFound()
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .json(serde_json::json!({ "error": "not found" }));
    };
    let mut res = HttpResponse::Ok();
    res.content_type(asset.mime)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::VARY, "Accept-Encoding"));
    if accepts_gzip(&req) {
        res.insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(asset.gzip)
    } else {
        res.body(asset.body)
    }
}

/// Browsers ask for `/favicon.ico` on their own: send them the application's icon.
pub async fn favicon() -> HttpResponse {
    match hashed("icon.svg").and_then(find) {
        Some(a) => HttpResponse::Ok()
            .content_type(a.mime)
            .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
            .body(a.body),
        None => HttpResponse::NotFound().finish(),
    }
}
