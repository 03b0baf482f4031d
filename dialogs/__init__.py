"""The conversation: events, actions, machines, forms and texts. Transport-neutral."""
