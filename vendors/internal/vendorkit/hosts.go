package vendorkit

// MicrosoftVerificationHosts are the hosts Microsoft's device-code sign-in
// sends people to, in every cloud. Entra ID answers with them directly;
// Cohesity and Veeam broker Microsoft's sign-in and pass them on. Microsoft
// documents no fixed value (the v2 protocol page only says "the URI the user
// should go to"), and the value has changed over the years, so the set
// covers every one observed from Microsoft's own services and libraries:
//   - public cloud: microsoft.com/devicelogin (v2; MSAL Android's
//     DeviceCodeFlowApiTest, azure-docs issue 33126), aka.ms/devicelogin
//     (v1/ADAL), www.microsoft.com/link (personal accounts; Microsoft Q&A
//     981553), login.microsoftonline.com/common/oauth2/deviceauth (where the
//     short links land; azure-cli issue 26468), login.microsoft.com;
//   - US Government: microsoft.com/deviceloginus (MSAL Android's test for a
//     login.microsoftonline.us authority), login.microsoftonline.us;
//   - China (21Vianet): microsoft.com/deviceloginchina, aka.ms/deviceloginchina
//     (azure-xplat-cli issue 2643), login.chinacloudapi.cn/common/oauth2/deviceauth
//     (azure.cn developer guide), login.microsoftonline.cn/device and
//     login.partner.microsoftonline.cn/device (azure-cli issue 32926).
//
// Entra External ID tenants use <tenant>.ciamlogin.com, which is per tenant
// and so not in a default set: allow it with WithVerificationHosts.
var MicrosoftVerificationHosts = []string{
	"microsoft.com",
	"www.microsoft.com",
	"aka.ms",
	"login.microsoftonline.com",
	"login.microsoft.com",
	"login.microsoftonline.us",
	"login.chinacloudapi.cn",
	"login.microsoftonline.cn",
	"login.partner.microsoftonline.cn",
}
