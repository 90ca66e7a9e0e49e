// Package cohesity will sign a Microsoft 365 administrator in through a
// Cohesity cluster, which brokers Microsoft's device-code flow
// (GenerateM365DeviceCode, then GenerateM365DeviceAccessToken until 201).
//
// Not implemented yet: the brokered flow is its own issue. The typed client
// it will wrap is in gen/cohesity, and normalize already maps the cluster's
// device-code response (camelCase wire keys, every field nullable).
package cohesity
