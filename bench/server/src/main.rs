//! The loopback server of `cargo xtask bench`: HTTP/1.1 on 127.0.0.1, a free port printed on
//! the first line of stdout (`listening on 127.0.0.1:PORT`). Every request is read in full and
//! answered: a Lambda `Invoke` (`POST /2015-03-31/functions/...`) with a 1 KiB function result,
//! anything else with a `CancelEnvironmentDeployment` response whose `Environment` has every
//! member set. One thread, so it takes as little of the machine as it can.

use std::convert::Infallible;
use std::io::Write;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// The response body: an `Environment` with every member set.
pub const BODY: &str = include_str!("../body.json");

/// What a function invoked through Lambda answers: about 1 KiB of JSON.
fn lambda_body() -> Bytes {
    let mut text = String::from(r#"{"statusCode":200,"body":["#);
    while text.len() < 1000 {
        text.push_str(r#""0123456789abcdefghijklmnop","#);
    }
    text.push_str(r#""end"]}"#);
    Bytes::from(text)
}

async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let lambda = request.uri().path().starts_with("/2015-03-31/functions/");
    // Read the whole request, as a real server would.
    let ok = request.into_body().collect().await.is_ok();
    let status = if ok { 200 } else { 400 };
    if lambda {
        let response = Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .header("x-amz-executed-version", "7")
            .header("x-amzn-requestid", "1b2c3d4e-0000-4000-8000-bench0000002")
            .body(Full::new(lambda_body()))
            .expect("a valid response");
        return Ok(response);
    }
    let response = Response::builder()
        .status(status)
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amzn-requestid", "1b2c3d4e-0000-4000-8000-bench0000001")
        .body(Full::new(Bytes::from_static(BODY.as_bytes())))
        .expect("a valid response");
    Ok(response)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on {addr}").expect("stdout");
    stdout.flush().expect("stdout");
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let _ = http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service_fn(answer))
                .await;
        });
    }
}
