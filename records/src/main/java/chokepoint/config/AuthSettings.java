package chokepoint.config;

import java.util.List;

/**
 * Bearer tokens for the management API (subscriptions, rules). Tokens are secrets: never logged or shown.
 *
 * @param tokens who may manage; an empty token is ignored, so {@code ${VAR}} left unset switches one off
 */
public record AuthSettings(List<Token> tokens) {

    public AuthSettings {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /**
     * @param owner the name subscriptions are owned by
     * @param token the bearer token (at least 16 characters)
     * @param admin may change threshold rules and see and change every owner's subscriptions
     */
    public record Token(String owner, String token, boolean admin) {
        @Override
        public String toString() {
            return "Token[" + owner + (admin ? ", admin" : "") + "]";
        }
    }
}
