use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{product, Env, TENANT};

async fn ims(env: &Env, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let res = env.http.post(env.url("/ims/token/v3")).form(form).send().await.unwrap();
    (res.status(), res.json().await.unwrap())
}

#[tokio::test]
async fn ims_issues_tokens_for_the_right_credentials_only() {
    let env = Env::start().await;
    let good = [("client_id", "test-client"), ("client_secret", "test-secret"), ("grant_type", "client_credentials"), ("scope", "openid,AdobeID,commerce.aco.ingestion")];
    let (status, body) = ims(&env, &good).await;
    assert_eq!(status, 200);
    assert_eq!(body["token_type"], "bearer");
    assert!(body["expires_in"].as_u64().unwrap() > 3600);

    let (status, body) = ims(&env, &[("client_id", "test-client"), ("client_secret", "wrong"), ("grant_type", "client_credentials"), ("scope", "commerce.aco.ingestion")]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_client")));
    let (status, body) = ims(&env, &[("client_id", "other"), ("client_secret", "test-secret"), ("grant_type", "client_credentials"), ("scope", "commerce.aco.ingestion")]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_client")));
    let (status, body) = ims(&env, &[("client_id", "test-client"), ("client_secret", "test-secret"), ("grant_type", "password"), ("scope", "commerce.aco.ingestion")]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("unsupported_grant_type")));
    let (status, body) = ims(&env, &[("client_id", "test-client"), ("client_secret", "test-secret"), ("grant_type", "client_credentials"), ("scope", "openid")]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_scope")));
}

#[tokio::test]
async fn api_refuses_missing_invalid_expired_and_foreign_tokens_with_the_contract_shape() {
    let env = Env::start().await;
    let url = env.url(&format!("/{TENANT}/v1/catalog/products"));
    let body = json!([product("a", "en")]);

    // the contract's examples: a missing token is 403 ErrMissingOauthToken, an invalid one 401
    let res = env.http.post(&url).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err, json!({"title": "ErrMissingOauthToken", "status": "403", "error_code": "403010", "message": "Oauth token is missing"}));

    let res = env.http.post(&url).bearer_auth("forged").json(&body).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let err: Value = res.json().await.unwrap();
    assert_eq!((&err["title"], &err["status"], &err["error_code"]), (&json!("ErrInvalidOauthToken"), &json!("401"), &json!("401013")));

    let res = env.http.post(env.url("/other-tenant/v1/catalog/products")).bearer_auth(&env.token).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "403");

    env.http.post(env.url("/_emulator/tokens/expire")).send().await.unwrap();
    let res = env.http.post(&url).bearer_auth(&env.token).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 401, "expired early by the fault control");
    assert_eq!(env.count("products").await, 0);
}

#[tokio::test]
async fn short_lived_tokens_expire() {
    let mut config = aco_emulator::Config::for_tests();
    config.token_ttl = std::time::Duration::from_secs(1);
    let env = Env::with(config).await;
    assert_eq!(env.post("/v1/catalog/products", json!([product("a", "en")])).await.0, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(env.post("/v1/catalog/products", json!([product("a", "en")])).await.0, 401);
}

#[tokio::test]
async fn unknown_paths_are_404_with_a_json_body() {
    let env = Env::start().await;
    for path in ["/nope", &format!("/{TENANT}/v1/catalog/widgets"), &format!("/{TENANT}/v2/catalog/products")] {
        let res = env.http.post(env.url(path)).bearer_auth(&env.token).json(&json!([])).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        assert_eq!(res.json::<Value>().await.unwrap()["status"], "404");
    }
}
