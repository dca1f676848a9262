package web

// samplePlanText and samplePlanJSON are a plan as trueup renders it: one
// resource created, one replaced, one destroyed, one unchanged; b refers
// to a, c depends on b. (A plan of testdata-like local, null and random
// resources, cut to what the pages read.)
const samplePlanText = `trueup will perform the following actions:

  # local_file.a will be created
  + resource "local_file" "a" {
      + content  = "hello"
      + filename = "out/a.txt"
    }

  # null_resource.b must be replaced
-/+ resource "null_resource" "b" {
      ~ id       = "123" -> (known after apply)
      ~ triggers = { # forces replacement
          ~ "a" = "old" -> "hello"
        }
    }

  # random_pet.c will be destroyed
  - resource "random_pet" "c" {
      - id = "happy-cat" -> null
    }

Plan: 2 to add, 0 to change, 2 to destroy.
`

const samplePlanJSON = `{
  "format_version": "1.2",
  "resource_changes": [
    {"address": "local_file.a", "mode": "managed", "type": "local_file", "name": "a", "change": {"actions": ["create"]}},
    {"address": "null_resource.b", "mode": "managed", "type": "null_resource", "name": "b", "change": {"actions": ["delete", "create"]}},
    {"address": "random_pet.c", "mode": "managed", "type": "random_pet", "name": "c", "change": {"actions": ["delete"]}},
    {"address": "local_file.d[0]", "mode": "managed", "type": "local_file", "name": "d", "index": 0, "change": {"actions": ["no-op"]}},
    {"address": "module.net.null_resource.n", "module_address": "module.net", "mode": "managed", "type": "null_resource", "name": "n", "change": {"actions": ["update"]}}
  ],
  "resource_drift": [
    {"address": "local_file.d[0]", "mode": "managed", "type": "local_file", "name": "d", "index": 0, "change": {"actions": ["update"]}}
  ],
  "configuration": {
    "root_module": {
      "resources": [
        {"address": "local_file.a", "mode": "managed", "type": "local_file", "name": "a",
         "expressions": {"content": {"constant_value": "hello"}, "filename": {"references": ["var.dir"]}}},
        {"address": "null_resource.b", "mode": "managed", "type": "null_resource", "name": "b",
         "expressions": {"triggers": {"references": ["local_file.a.content", "local_file.a"]}}},
        {"address": "local_file.d", "mode": "managed", "type": "local_file", "name": "d",
         "count_expression": {"constant_value": 1},
         "expressions": {"content": {"references": ["module.net.id", "module.net", "data.local_file.seed.content", "data.local_file.seed"]}}},
        {"address": "data.local_file.seed", "mode": "data", "type": "local_file", "name": "seed",
         "expressions": {"filename": {"constant_value": "seed.txt"}}}
      ],
      "module_calls": {
        "net": {
          "source": "./net",
          "expressions": {"prefix": {"references": ["null_resource.b.id", "null_resource.b"]}},
          "module": {
            "outputs": {"id": {"expression": {"references": ["null_resource.n.id", "null_resource.n"]}}},
            "resources": [
              {"address": "null_resource.n", "mode": "managed", "type": "null_resource", "name": "n",
               "expressions": {"triggers": {"references": ["var.prefix"]}}, "depends_on": ["null_resource.m"]},
              {"address": "null_resource.m", "mode": "managed", "type": "null_resource", "name": "m"}
            ]
          }
        }
      }
    }
  }
}`
