//! Thin GraphQL resolvers for sessions, accounts and service accounts.
use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use entity::{account, api_token, service_account};

use super::service;
use crate::auth::{session, Principal};
use crate::error::ApiError;
use crate::graphql::lean::{Lean, Plain};
use crate::graphql::relay::Connection;
use crate::graphql::types::{ApiScope, Role};
use crate::graphql::{
    actor, authorize, global_id, parse_id, state, CookieChange, CookieOut, RefreshCookieIn,
};
use crate::page::PageArgs;
use crate::people::graphql::{authorize_on, Employee};

/// The answer to a successful sign-in or refresh. The refresh token travels only in an
/// HttpOnly cookie.
#[derive(SimpleObject)]
pub struct AuthPayload {
    /// Send as `Authorization: Bearer <accessToken>`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

fn payload(ctx: &Context<'_>, issued: session::Issued) -> async_graphql::Result<AuthPayload> {
    ctx.data::<CookieOut>()?.put(CookieChange::Set {
        token: issued.refresh_token,
        max_age_seconds: issued.refresh_expires_in,
    });
    Ok(AuthPayload {
        access_token: issued.access_token,
        token_type: "Bearer".into(),
        expires_in: issued.expires_in,
    })
}

/// The signed-in person.
pub struct Viewer {
    account_id: uuid::Uuid,
    /// Read with the caller's account for this request.
    employee: entity::employee::Model,
    roles: Vec<entity::Role>,
}

#[Object]
impl Viewer {
    async fn account_id(&self) -> ID {
        global_id("Account", self.account_id)
    }
    /// The roles held now.
    async fn roles(&self) -> Vec<Role> {
        self.roles.iter().map(|r| (*r).into()).collect()
    }
    /// The own employee record.
    async fn employee(&self, ctx: &Context<'_>) -> async_graphql::Result<Lean<Employee>> {
        authorize_on(ctx, "Query.me", &self.employee)?;
        Ok(Lean(Employee::from(self.employee.clone())))
    }
}

#[derive(Default)]
pub struct SessionQuery;

#[Object]
impl SessionQuery {
    /// Who is signed in.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Viewer> {
        authorize(ctx, "Query.me")?;
        match &actor(ctx)?.principal {
            Some(Principal::Account {
                account_id,
                employee,
                roles,
                ..
            }) => Ok(Viewer {
                account_id: *account_id,
                employee: employee.as_ref().clone(),
                roles: roles.clone(),
            }),
            _ => Err(ApiError::Forbidden.into()),
        }
    }
}

#[derive(Default)]
pub struct SessionMutation;

#[Object]
impl SessionMutation {
    /// Signs in with 工号 and password. Sets the refresh cookie.
    async fn login(
        &self,
        ctx: &Context<'_>,
        login: String,
        password: String,
    ) -> async_graphql::Result<AuthPayload> {
        authorize(ctx, "Mutation.login")?;
        let issued = session::login(state(ctx)?, actor(ctx)?, &login, &password).await?;
        payload(ctx, issued)
    }

    /// Exchanges the refresh cookie (or `refreshToken`) for a new access token; the refresh
    /// token rotates.
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        refresh_token: Option<String>,
    ) -> async_graphql::Result<AuthPayload> {
        authorize(ctx, "Mutation.refreshSession")?;
        let presented = refresh_token
            .or_else(|| ctx.data::<RefreshCookieIn>().ok().and_then(|c| c.0.clone()))
            .ok_or(ApiError::Unauthenticated)?;
        let issued = session::refresh(state(ctx)?, actor(ctx)?, &presented).await?;
        payload(ctx, issued)
    }

    /// Ends the session and clears the refresh cookie.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        authorize(ctx, "Mutation.logout")?;
        let cookie = ctx.data::<RefreshCookieIn>().ok().and_then(|c| c.0.clone());
        session::logout(state(ctx)?, actor(ctx)?, cookie.as_deref()).await?;
        ctx.data::<CookieOut>()?.put(CookieChange::Clear);
        Ok(true)
    }

    /// Changes the caller's own password; other sessions end.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> async_graphql::Result<bool> {
        authorize(ctx, "Mutation.changePassword")?;
        session::change_password(state(ctx)?, actor(ctx)?, &current_password, &new_password)
            .await?;
        Ok(true)
    }
}

/// A login account.
pub struct Account(pub account::Model);

impl Plain for Account {}

#[Object]
impl Account {
    async fn id(&self) -> ID {
        global_id("Account", self.0.id)
    }
    /// The login name: the employee's 工号.
    async fn login(&self) -> &str {
        &self.0.login
    }
    async fn roles(&self) -> Vec<Role> {
        entity::parse_roles(&self.0.roles)
            .into_iter()
            .map(Into::into)
            .collect()
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn employee_id(&self) -> ID {
        global_id("Employee", self.0.employee_id)
    }
    async fn created_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.created_at
    }
}

/// A third-party system using the API.
pub struct ServiceAccount(pub service_account::Model);

#[Object]
impl ServiceAccount {
    async fn id(&self) -> ID {
        global_id("ServiceAccount", self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    /// Its tokens (secrets are never shown again).
    async fn tokens(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ApiToken>> {
        Ok(service::tokens_of(&state(ctx)?.db, self.0.id)
            .await?
            .into_iter()
            .map(ApiToken)
            .collect())
    }
}

/// A service account's API token.
pub struct ApiToken(pub api_token::Model);

#[Object]
impl ApiToken {
    async fn id(&self) -> ID {
        global_id("ApiToken", self.0.id)
    }
    async fn label(&self) -> &str {
        &self.0.label
    }
    async fn scopes(&self) -> Vec<ApiScope> {
        entity::parse_scopes(&self.0.scopes)
            .into_iter()
            .map(Into::into)
            .collect()
    }
    async fn expires_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.0.expires_at
    }
    async fn revoked_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.0.revoked_at
    }
    async fn created_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.created_at
    }
}

/// A new token with its secret, shown this once.
#[derive(SimpleObject)]
pub struct CreatedApiToken {
    pub token: ApiTokenView,
    /// Send as `Authorization: Bearer <secret>`. Not retrievable later.
    pub secret: String,
}

#[derive(SimpleObject)]
pub struct ApiTokenView {
    pub id: ID,
    pub label: String,
    pub scopes: Vec<ApiScope>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Default)]
pub struct AccountsQuery;

#[Object]
impl AccountsQuery {
    /// All accounts, by login.
    #[graphql(complexity = "first.clamp(0, 1000) as usize * child_complexity + 1")]
    async fn accounts(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
    ) -> async_graphql::Result<Connection<Account>> {
        authorize(ctx, "Query.accounts")?;
        let want_total = ctx.look_ahead().field("totalCount").exists();
        let page = PageArgs::parse(first, after.as_deref(), want_total)?;
        let res = service::list_accounts(&state(ctx)?.db, page).await?;
        Ok(crate::graphql::connection(
            res,
            service::account_cursor,
            Account,
        ))
    }

    /// Third-party systems, by name (at most 100).
    async fn service_accounts(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ServiceAccount>> {
        authorize(ctx, "Query.serviceAccounts")?;
        Ok(service::list_service_accounts(&state(ctx)?.db)
            .await?
            .into_iter()
            .map(ServiceAccount)
            .collect())
    }
}

#[derive(InputObject)]
pub struct CreateAccountInput {
    pub employee_id: ID,
    pub roles: Vec<Role>,
    /// Initial password, 8 to 128 characters.
    pub password: String,
}

#[derive(Default)]
pub struct AccountsMutation;

#[Object]
impl AccountsMutation {
    /// Creates the login account of an employee.
    async fn create_account(
        &self,
        ctx: &Context<'_>,
        input: CreateAccountInput,
    ) -> async_graphql::Result<Account> {
        authorize(ctx, "Mutation.createAccount")?;
        let st = state(ctx)?;
        let emp = parse_id("employeeId", "Employee", &input.employee_id)?;
        let roles: Vec<entity::Role> = input.roles.into_iter().map(Into::into).collect();
        let txn = crate::db::begin_write(&st.db)
            .await
            .map_err(ApiError::from)?;
        let a =
            service::create_account(&txn, st, actor(ctx)?, emp, &roles, &input.password).await?;
        txn.commit().await.map_err(ApiError::from)?;
        Ok(Account(a))
    }

    /// Replaces an account's roles; effective on its next request.
    async fn set_account_roles(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: i32,
        roles: Vec<Role>,
    ) -> async_graphql::Result<Account> {
        authorize(ctx, "Mutation.setAccountRoles")?;
        let id = parse_id("id", "Account", &id)?;
        let roles: Vec<entity::Role> = roles.into_iter().map(Into::into).collect();
        Ok(Account(
            service::set_roles(state(ctx)?, actor(ctx)?, id, expected_version, &roles).await?,
        ))
    }

    /// Activates or deactivates an account; deactivation ends its sessions at once.
    async fn set_account_active(
        &self,
        ctx: &Context<'_>,
        id: ID,
        active: bool,
    ) -> async_graphql::Result<Account> {
        authorize(ctx, "Mutation.setAccountActive")?;
        let id = parse_id("id", "Account", &id)?;
        Ok(Account(
            service::set_active(state(ctx)?, actor(ctx)?, id, active).await?,
        ))
    }

    /// Sets a new password for an account; its sessions end.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        id: ID,
        password: String,
    ) -> async_graphql::Result<Account> {
        authorize(ctx, "Mutation.resetPassword")?;
        let id = parse_id("id", "Account", &id)?;
        Ok(Account(
            service::reset_password(state(ctx)?, actor(ctx)?, id, &password).await?,
        ))
    }

    /// Registers a third-party system.
    async fn create_service_account(
        &self,
        ctx: &Context<'_>,
        name: String,
        #[graphql(default)] description: String,
    ) -> async_graphql::Result<ServiceAccount> {
        authorize(ctx, "Mutation.createServiceAccount")?;
        Ok(ServiceAccount(
            service::create_service_account(state(ctx)?, actor(ctx)?, &name, &description).await?,
        ))
    }

    /// Issues an API token; the secret is in the answer and never again.
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        service_account_id: ID,
        label: String,
        scopes: Vec<ApiScope>,
        expires_in_days: Option<i32>,
    ) -> async_graphql::Result<CreatedApiToken> {
        authorize(ctx, "Mutation.createApiToken")?;
        let sa = parse_id("serviceAccountId", "ServiceAccount", &service_account_id)?;
        let scopes: Vec<entity::ApiScope> = scopes.into_iter().map(Into::into).collect();
        let (t, secret) = service::create_api_token(
            state(ctx)?,
            actor(ctx)?,
            sa,
            &label,
            &scopes,
            expires_in_days,
        )
        .await?;
        Ok(CreatedApiToken {
            token: ApiTokenView {
                id: global_id("ApiToken", t.id),
                label: t.label,
                scopes: entity::parse_scopes(&t.scopes)
                    .into_iter()
                    .map(Into::into)
                    .collect(),
                expires_at: t.expires_at,
            },
            secret,
        })
    }

    /// Revokes an API token at once.
    async fn revoke_api_token(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<ApiToken> {
        authorize(ctx, "Mutation.revokeApiToken")?;
        let id = parse_id("id", "ApiToken", &id)?;
        Ok(ApiToken(
            service::revoke_api_token(state(ctx)?, actor(ctx)?, id).await?,
        ))
    }
}
