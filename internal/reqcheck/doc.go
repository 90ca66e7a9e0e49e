// Package reqcheck refuses a request whose body leaves out a member the
// vendor's spec requires, or holds the zero value of its Go type there,
// before anything is sent. It is the one mechanism behind every vendor
// client (vendorkit wires it into the HTTP client): generated request
// types compile unchanged when upstream makes a member required, and a
// struct field nobody set would otherwise reach the server as "" or
// "00000000-0000-0000-0000-000000000000".
//
// Only required members are judged: missing; null unless nullable; the
// empty string unless nullable (a nullable member is a pointer, so "" was
// set on purpose); the zero UUID where the spec types the member as a UUID
// (format uuid). Zero numbers and false are meaningful values, and an
// optional member is the caller's choice. A request that matches no
// operation of the spec, whose media type the operation does not declare,
// or whose body holds a value outside an enum of the schema (another
// request on the same endpoint, such as a refresh_token grant) passes
// unchecked: the server judges it.
package reqcheck
