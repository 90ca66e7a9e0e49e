// Package veeam will drive the device-code sign-in that Veeam Backup for
// Microsoft 365 (REST v6+) brokers: the VB365 server keeps the device code
// and polls Microsoft itself, so the client only sees a user code and asks
// POST /v6/DeviceCode/check whether it was authenticated.
//
// Not implemented yet: the brokered flow is its own issue. The typed client
// it will wrap is in gen/veeam, and normalize already maps both device-code
// shapes (RESTDeviceCodeResponse and RESTDeviceCodeInfo).
package veeam
