package layers

// attentionStates are the values of a status-like property that ask an
// operator to act: a device in alarm or fault, a kitchen violation, a person
// trapped in an elevator, a missed check-in, a new incident.
var attentionStates = map[string]bool{
	"alarm": true, "fault": true, "violation": true, "entrapment": true,
	"missing_checkin": true, "new": true,
}

// statusFields are the properties whose values say a feature's state.
var statusFields = []string{"status", "cold_status", "camera_status"}

// Attention reports whether a feature's state asks an operator to act.
// Maps count such features apart inside clusters.
func Attention(props map[string]any) bool {
	for _, name := range statusFields {
		if s, ok := props[name].(string); ok && attentionStates[s] {
			return true
		}
	}
	return false
}
