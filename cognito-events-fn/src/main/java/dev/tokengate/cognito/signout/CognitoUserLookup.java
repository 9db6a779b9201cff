package dev.tokengate.cognito.signout;

import dev.tokengate.core.table.TokenIds;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * {@code AdminGetUser} on the sign-out's own pool, the one call this function's role allows on exactly the configured
 * pools' ARNs. The user's {@code sub} attribute is the {@code sub} of its tokens.
 */
public final class CognitoUserLookup implements UserLookup {
    private static final String SUB = "sub";

    private final CognitoIdentityProviderClient cognito;

    public CognitoUserLookup(CognitoIdentityProviderClient cognito) {
        this.cognito = Objects.requireNonNull(cognito, "cognito");
    }

    @Override
    public Optional<String> subOf(String poolId, String username) {
        AdminGetUserResponse user;
        try {
            user = cognito.adminGetUser(request -> request.userPoolId(poolId).username(username));
        } catch (UserNotFoundException gone) {
            return Optional.empty();
        }
        return user.userAttributes().stream().filter(attribute -> SUB.equals(attribute.name()))
                .map(AttributeType::value).filter(TokenIds::isValid).findFirst();
    }
}
