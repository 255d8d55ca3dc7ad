use aco_emulator::{Config, Emulator};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

pub const TENANT: &str = "test-tenant";

/// A started emulator plus a client holding a valid token.
pub struct Env {
    pub emu: Emulator,
    pub http: Client,
    pub token: String,
}

impl Env {
    pub async fn start() -> Env {
        Self::with(Config::for_tests()).await
    }

    pub async fn with(config: Config) -> Env {
        let emu = Emulator::start(config).await.unwrap();
        let http = Client::new();
        let token = token(&http, &emu.url(), "test-client", "test-secret").await;
        Env { emu, http, token }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emu.url())
    }

    /// Sends `body` to `/{tenant}{path}` with the token; returns status and JSON body.
    pub async fn send(&self, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        let res = self
            .http
            .request(method, self.url(&format!("/{TENANT}{path}")))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, body).await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let res = self.http.get(self.url(path)).send().await.unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn count(&self, entity: &str) -> usize {
        self.get(&format!("/_emulator/items/{entity}")).await.1["total"].as_u64().unwrap() as usize
    }

    pub async fn faults(&self, plan: Value) {
        let res = self.http.put(self.url("/_emulator/faults")).json(&plan).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    }
}

pub async fn token(http: &Client, base: &str, id: &str, secret: &str) -> String {
    let res = http
        .post(format!("{base}/ims/token/v3"))
        .form(&[
            ("client_id", id),
            ("client_secret", secret),
            ("grant_type", "client_credentials"),
            ("scope", "openid,AdobeID,commerce.aco.ingestion,email,profile"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
}

pub fn product(sku: &str, locale: &str) -> Value {
    json!({"sku": sku, "source": {"locale": locale}, "name": format!("Product {sku}"), "slug": sku.to_lowercase(), "status": "ENABLED"})
}

/// The `code`s of a 400 answer's errors, with their item index.
pub fn error_codes(body: &Value) -> Vec<(u64, String)> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["itemIndex"].as_u64().unwrap(), e["code"].as_str().unwrap().to_owned()))
        .collect()
}
