import { Router } from 'express';
import type { Actor } from '../../domain';
import { workflowIdFor } from '../../temporal/ids';
import { getCaseQuery } from '../../workflows/messages';
import { IdempotencyKeySchema, PetitionIdSchema, SubmissionSchema } from '../schemas';
import { submitPetition, type SubmitDeps } from '../services/submitPetition';

// Online submission is public: until accounts arrive (issue 4) the petitioner is anonymous to the API.
const ONLINE_PETITIONER: Actor = { id: 'online-petitioner', role: 'petitioner' };

export function petitionsRouter(deps: SubmitDeps): Router {
  const r = Router();

  r.post('/', async (req, res) => {
    const body = SubmissionSchema.parse(req.body);
    const key = req.header('Idempotency-Key');
    const idempotencyKey = key === undefined ? undefined : IdempotencyKeySchema.parse(key);
    const result = await submitPetition(deps, body, ONLINE_PETITIONER, idempotencyKey);
    res.status(result.created ? 201 : 200)
      .location(`/api/v1/petitions/${result.petition.id}`)
      .json({ petition: result.petition, linkedTo: result.linkedTo ?? null });
  });

  r.get('/:id', async (req, res) => {
    const id = PetitionIdSchema.parse(req.params.id);
    // Detail reads the workflow itself, so it already shows the last action.
    const petition = await deps.client.workflow.getHandle(workflowIdFor(id)).query(getCaseQuery);
    res.json({ petition });
  });

  return r;
}
