// Package forge talks to code forges (GitHub, GitHub Enterprise, GitLab) and
// chat webhooks on behalf of the GitOps agent: it edits one pull-request
// comment per marker in place, sets commit statuses, opens issues, parses
// and authenticates incoming webhook deliveries into a forge-neutral Event,
// and posts Slack-compatible notifications.
//
// It imports only the standard library, go-github, gitlab-org/api/client-go,
// go-hclog and internal/retry. It must not
// import engine/agent or anything that plans or applies: the agent depends
// on forge, never the reverse. Tokens and webhook secrets never appear in
// its errors or logs.
package forge
