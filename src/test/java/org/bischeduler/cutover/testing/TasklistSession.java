package org.bischeduler.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A person logged in to Tasklist, calling the engine as Tasklist does: its own API path
 * ({@code /camunda/api/engine/engine/default/...}), the session cookie and the CSRF token.
 */
public final class TasklistSession {

    private final String base;
    private final HttpClient browser;
    private final String xsrf;

    private TasklistSession(String base, HttpClient browser, String xsrf) {
        this.base = base;
        this.browser = browser;
        this.xsrf = xsrf;
    }

    /** Logs in to Tasklist at the app's base address; fails when the login is refused. */
    public static TasklistSession login(String base, String user, String password) {
        try {
            CookieManager cookies = new CookieManager();
            HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
            browser.send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/tasklist/default/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            String xsrf = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().orElseThrow();
            HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default/login/tasklist"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", xsrf)
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 200) {
                throw new IllegalStateException(user + " could not log in to Tasklist: " + login.statusCode() + " " + login.body());
            }
            // the login starts a new session with a new token: fetch it as Tasklist does
            HttpResponse<Void> fetch = browser.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/engine/engine/"))
                    .header("X-XSRF-TOKEN", "Fetch").build(), HttpResponse.BodyHandlers.discarding());
            return new TasklistSession(base, browser, fetch.headers().firstValue("X-XSRF-TOKEN").orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A call of the engine on Tasklist's own path. */
    public HttpResponse<String> send(String method, String enginePath, String body) {
        try {
            return browser.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/engine/engine/default" + enginePath))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json").header("X-XSRF-TOKEN", xsrf).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
