from middenveld.core import rules

rules.register("trajectory.view", rules.always)
rules.register("trajectory.edit_content", rules.is_city_staff)
