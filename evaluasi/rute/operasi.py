"""Operations: health check for the load balancer (issue 7)."""

urlpatterns = []
