// A petitioner's own case: the public view and, when the API allows it now, rating and review request.
import { Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useParams } from 'react-router';
import { api, ok, type PublicCase } from '../../api/client';
import { useSession } from '../../auth/session';
import { ActionPanel } from '../../components/ActionPanel';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PublicCaseView } from '../../components/PublicCaseView';

export default function PortalCase() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const queryKey = ['case', id];
  const detail = useQuery({ queryKey, enabled: !!session, queryFn: () => ok(api.GET('/api/v1/petitions/{id}', { params: { path: { id } } })) });
  if (!session) return <Navigate to={`/signin?next=/portal/cases/${id}`} replace />;
  if (detail.isLoading) return <Skeleton active />;
  if (detail.error) return <ErrorAlert error={detail.error} />;
  const c = detail.data!.petition as PublicCase;
  return (
    <>
      {detail.data!.yourActions.length > 0 && (
        <div style={{ marginBottom: 16 }}><ActionPanel petitionId={id} yourActions={detail.data!.yourActions} queryKey={queryKey} ctx={{}} compact /></div>
      )}
      <PublicCaseView c={c} timeZone={session.timeZone} />
    </>
  );
}
