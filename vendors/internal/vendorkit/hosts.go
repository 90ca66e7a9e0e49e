package vendorkit

// MicrosoftVerificationHosts are the hosts Microsoft's device-code sign-in
// sends people to, in every cloud. Entra ID answers with them directly;
// Cohesity and Veeam broker Microsoft's sign-in and pass them on. Sources:
// Microsoft identity platform, "OAuth 2.0 device authorization grant"
// (verification_uri https://microsoft.com/devicelogin); the v1 endpoint's
// https://aka.ms/devicelogin; Azure Government and Azure China pages
// (https://microsoft.com/deviceloginus, https://microsoft.com/deviceloginchina);
// the login hosts' own /common/oauth2/deviceauth pages
// (login.microsoftonline.com, login.microsoftonline.us, login.chinacloudapi.cn).
var MicrosoftVerificationHosts = []string{
	"microsoft.com",
	"www.microsoft.com",
	"aka.ms",
	"login.microsoftonline.com",
	"login.microsoft.com",
	"login.microsoftonline.us",
	"login.chinacloudapi.cn",
	"login.partner.microsoftonline.cn",
}
