from middenveld.core.districts import district_load
from middenveld.core.models import District
from middenveld.core.seeding import SeedContext, seeder


@seeder(order=0)
def seed_districts(ctx: SeedContext) -> None:
    district_load()
    ctx.counts["districts"] = District.objects.count()
