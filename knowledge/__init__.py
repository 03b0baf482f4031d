"""What the bot knows: curated data, loader, search, classifier, deadline rules."""
