// Package reqcheck refuses a request whose body leaves out a member the
// vendor's spec requires, or holds the zero value of its Go type there (an
// empty string, the zero UUID, null), before anything is sent. It is the
// one mechanism behind every vendor client (vendorkit wires it into the
// HTTP client): generated request types compile unchanged when upstream
// makes a member required, and a struct field nobody set would otherwise
// reach the server as "" or "00000000-0000-0000-0000-000000000000".
//
// Only required members are judged, and only strings, UUIDs and null:
// zero numbers and false are meaningful values, and an optional member is
// the caller's choice. The zero UUID is refused where the spec types the
// member as a UUID (format uuid); see zeroString. A request that matches no operation of the spec, or
// whose media type the operation does not declare, passes unchecked.
package reqcheck
