"""Ways to weigh criteria: AHP, rank-order centroid, entropy, CRITIC."""
