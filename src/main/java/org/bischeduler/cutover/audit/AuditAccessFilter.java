package org.bischeduler.cutover.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.bischeduler.cutover.access.Groups;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Lets only logged-in members of ops, managers or auditors read the audit. A person who logged
 * in to Tasklist or Cockpit is recognised by that session; a tool sends HTTP Basic credentials,
 * checked against the engine's users. Anonymous requests get 401, other users 403.
 */
@Component
class AuditAccessFilter extends OncePerRequestFilter {

    private final ProcessEngine engine;

    AuditAccessFilter(ProcessEngine engine) {
        this.engine = engine;
    }

    /**
     * The path as Spring routes it: decoded, without {@code ;} path parameters, slashes merged. The
     * raw request URI would let {@code /cutover;x/api/runs} or {@code /%63utover/api/runs} past.
     */
    private static final UrlPathHelper ROUTED_PATH = new UrlPathHelper();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = ROUTED_PATH.getPathWithinApplication(request);
        return !(path.equals("/cutover") || path.startsWith("/cutover/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user = sessionUser(request);
        if (user == null) {
            user = basicUser(request);
        }
        if (user == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"cutover audit\", charset=\"UTF-8\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED,
                    "log in to Tasklist or Cockpit first, or send HTTP Basic credentials");
            return;
        }
        IdentityService identity = engine.getIdentityService();
        List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
        if (groups.stream().noneMatch(List.of(Groups.OPS, Groups.MANAGERS, Groups.AUDITORS)::contains)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "the audit is for members of ops, managers or auditors");
            return;
        }
        chain.doFilter(request, response);
    }

    private String sessionUser(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
        if (authentications == null || !authentications.hasAuthenticationForProcessEngine(engine.getName())) {
            return null;
        }
        Authentication authentication = authentications.getAuthenticationForProcessEngine(engine.getName());
        return authentication.getIdentityId();
    }

    private String basicUser(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            return null;
        }
        String user = decoded.substring(0, colon);
        return engine.getIdentityService().checkPassword(user, decoded.substring(colon + 1)) ? user : null;
    }
}
