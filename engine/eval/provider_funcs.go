package eval

import (
	"context"

	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// addProviderFunctions adds the functions of the configured providers of
// keys to the evaluator's function table, as provider::NAME::FUNC. It runs
// before any expression that may call them is evaluated.
func (e *Evaluator) addProviderFunctions(ctx context.Context, provs *Providers, keys []string) {
	for _, key := range keys {
		prov := provs.Get(key)
		if prov == nil {
			continue
		}
		name := ProviderName(key)
		for fn, sig := range prov.GetFunctions(ctx).Functions {
			full := lang.ProviderFunctionName(name, fn)
			if _, ok := e.funcs[full]; ok {
				continue // an aliased configuration of the same provider
			}
			e.funcs[full] = lang.ProviderFunction(sig, func(args []cty.Value) (cty.Value, int, error) {
				resp := prov.CallFunction(ctx, schema.CallFunctionRequest{Name: fn, Arguments: args})
				return resp.Result, resp.Argument, resp.Err
			})
		}
	}
}
