package random

// The word lists of random_pet: small, lower-case, one word each, safe to
// put in resource names (letters only).
var (
	petAdverbs = []string{
		"barely", "boldly", "briefly", "brightly", "calmly", "carefully", "cheaply", "cleanly",
		"closely", "deeply", "eagerly", "easily", "evenly", "fairly", "firmly", "freely",
		"gently", "gladly", "greatly", "happily", "highly", "humbly", "jointly", "kindly",
		"largely", "lightly", "loudly", "merely", "mildly", "neatly", "nicely", "openly",
		"partly", "politely", "quickly", "quietly", "rapidly", "really", "safely",
		"sadly", "simply", "slowly", "smoothly", "softly", "solely", "strictly", "sweetly",
		"truly", "vastly", "warmly", "wholly", "widely", "wildly", "wisely",
	}
	petAdjectives = []string{
		"able", "amazing", "amused", "brave", "bright", "busy", "calm", "capable",
		"careful", "charming", "clever", "cool", "cosmic", "crisp", "curious", "daring",
		"eager", "easy", "epic", "fair", "fancy", "fast", "fine", "fit",
		"fluent", "frank", "gentle", "giving", "glad", "golden", "good", "grand",
		"happy", "helpful", "honest", "humble", "jolly", "keen", "kind", "lucky",
		"merry", "modest", "neat", "nice", "noble", "open", "patient", "polite",
		"proud", "quick", "quiet", "rapid", "ready", "sharp", "smart", "steady",
		"sunny", "sure", "swift", "tender", "tidy", "vital", "warm", "wise", "witty",
	}
	petNames = []string{
		"alpaca", "ant", "badger", "bat", "bear", "beaver", "bee", "bison",
		"boar", "bobcat", "buffalo", "camel", "cat", "cheetah", "chicken", "cobra",
		"condor", "crab", "crane", "cricket", "crow", "deer", "dingo", "dodo",
		"dog", "dolphin", "dove", "duck", "eagle", "eel", "elk", "falcon",
		"ferret", "finch", "fox", "frog", "gecko", "goat", "goose", "gopher",
		"hare", "hawk", "hedgehog", "heron", "horse", "ibex", "jackal", "jaguar",
		"koala", "lark", "lemur", "lion", "llama", "lynx", "mole", "moose",
		"newt", "ocelot", "orca", "osprey", "otter", "owl", "panda", "puma",
		"quail", "rabbit", "raven", "robin", "salmon", "seal", "shark", "sloth",
		"snail", "sparrow", "squid", "stork", "swan", "tiger", "toad", "trout",
		"turtle", "viper", "walrus", "wasp", "weasel", "whale", "wolf", "wombat", "yak", "zebra",
	}
)
