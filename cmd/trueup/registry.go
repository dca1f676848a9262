package main

import (
	"github.com/trueup/trueup/providers/aws"
	"github.com/trueup/trueup/providers/google"
	"github.com/trueup/trueup/providers/local"
	"github.com/trueup/trueup/providers/null"
	"github.com/trueup/trueup/providers/random"
	timeprovider "github.com/trueup/trueup/providers/time"
	"github.com/trueup/trueup/schema"
)

// builtinProviders is the one place where trueup's providers are wired in.
func builtinProviders() schema.Registry {
	return schema.Registry{
		"aws":    aws.New,
		"google": google.New,
		"local":  local.New,
		"null":   null.New,
		"random": random.New,
		// terraform is Terraform's built-in provider (terraform_data,
		// terraform_remote_state over trueup's backends).
		"terraform": terraformProvider,
		"time":      timeprovider.New,
	}
}
