// Package awstest runs moto_server, the AWS API emulator, for the aws
// provider's tests: one server per test package, started from TestMain on a
// free loopback port, reset between tests.
//
// It is test support only. It imports the AWS SDK (to build independent
// clients that check what the provider did) and the standard library; it
// must never import trueup's engine or the provider itself.
package awstest
