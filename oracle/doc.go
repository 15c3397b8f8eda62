// Package oracle holds cross-checks of core against the providers' official
// SDKs, used as independent oracles: what an SDK signs, core accepts; what
// core signs, the Standard Webhooks library verifies; and where an SDK only
// verifies, core and the SDK must agree on every request. The SDKs are
// test-only dependencies; core itself stays standard-library only.
package oracle
