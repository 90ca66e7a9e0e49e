package subset

import "sort"

// AnyToJSON is the one transformation the tool may apply (flag
// -any-to-json). Some servers document a JSON response under the media
// range "*/*"; code generators then treat the body as opaque bytes. When a
// response's content has "*/*" and no "application/json", the entry is
// renamed to "application/json" with its schema unchanged. It returns the
// rewritten locations as sorted JSON Pointers.
//
// This is exactly the difference between Cenvora/veeam-365's
// vb365_rest_v6.json and its vb365_rest_v6_fixed.json.
func AnyToJSON(doc map[string]any) []string {
	var changed []string
	for path, item := range asObj(doc["paths"]) {
		for method, op := range asObj(item) {
			for code, r := range asObj(asObj(op)["responses"]) {
				if anyToJSON(r) {
					changed = append(changed, "/paths/"+EscapePointer(path)+"/"+method+"/responses/"+code)
				}
			}
		}
	}
	for name, r := range asObj(asObj(doc["components"])["responses"]) {
		if anyToJSON(r) {
			changed = append(changed, "/components/responses/"+EscapePointer(name))
		}
	}
	sort.Strings(changed)
	return changed
}

func anyToJSON(response any) bool {
	content := asObj(asObj(response)["content"])
	mt, ok := content["*/*"]
	if !ok {
		return false
	}
	if _, ok := content["application/json"]; ok {
		return false
	}
	delete(content, "*/*")
	content["application/json"] = mt
	return true
}
