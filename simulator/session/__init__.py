"""A practice session: the engine that plays a scenario, the customer's reactions and the evaluation."""
